import { formatBytes, startMemorySampler } from '../../src/cli/migrate/memory-sampler';
import { selectReverts } from '../../src/cli/migrate/migration-executor';
import { migrationLine, progressDisplay, totalLine } from '../../src/cli/migrate/render-migrations';

/** The display of `migrate` / `revert` without a database: terminal progress, plain lines, numbers. */

const run = { name: 'Phase0201CreateVenues1767225801000', ms: 14.2, rssDelta: 1_234_567, heapDelta: 310_000 };

describe('migrate output', () => {
  it('on a terminal: [i/n] name … rewritten in place, then replaced by the finished line', () => {
    const writes: string[] = [];
    const progress = progressDisplay({ write: (t) => void writes.push(t), tty: true }, 'applied', [run.name, 'Other1767225801001']);
    progress.start!(0, 2, run.name);
    progress.done!(run, 0, 2);
    expect(writes).toEqual([
      `\r\x1b[2K[1/2] ${run.name} …`,
      `\r\x1b[2K${migrationLine(run, 'applied', run.name.length)}\n`,
    ]);
  });

  it('otherwise: one plain line per migration, no control characters', () => {
    const writes: string[] = [];
    const progress = progressDisplay({ write: (t) => void writes.push(t), tty: false }, 'reverted', [run.name]);
    progress.start!(0, 1, run.name);
    progress.done!(run, 0, 1);
    expect(writes).toEqual(['reverted  Phase0201CreateVenues1767225801000      14 ms  rss  +1.2 MB  heap  +310 kB\n']);
  });

  it('the total line, and byte figures', () => {
    expect(totalLine({ migrations: [run], total: { ms: 812.4, rssDelta: 6_100_000, heapDelta: 0 } }, 'applied')).toBe(
      'total: 1 migration applied in 812 ms; peak rss +6.1 MB, peak heap +0 B',
    );
    expect([formatBytes(999), formatBytes(1500), formatBytes(-2_500_000)]).toEqual(['+999 B', '+2 kB', '-2.5 MB']);
  });

  it('the memory sampler reports heap growth during the span (2 M numbers held: over 10 MB)', async () => {
    const sampler = startMemorySampler(1);
    const held: number[][] = Array.from({ length: 200 }, () => new Array(10_000).fill(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(held.length).toBe(200);
    const { heapDelta } = sampler.stop();
    expect(heapDelta).toBeGreaterThan(10_000_000);
    expect(held.length).toBe(200);
  });

  it('selectReverts: --to keeps the named one; too many steps or an unknown name is refused', () => {
    const executed = ['C1700000000003', 'B1700000000002', 'A1700000000001'];
    expect(selectReverts(executed, { to: 'A1700000000001' })).toEqual(['C1700000000003', 'B1700000000002']);
    expect(selectReverts(executed, { to: 'C1700000000003' })).toEqual([]);
    expect(selectReverts(executed, { steps: 3 })).toEqual(executed);
    expect(selectReverts(executed, { steps: 4 })).toBe('only 3 migrations are executed; --steps 4 is more');
    expect(selectReverts(executed, { to: 'X1700000000009' })).toMatch(/^no executed migration is named X1700000000009/);
    expect(selectReverts(executed, { steps: 0 })).toMatch(/whole number of at least 1/);
  });
});
