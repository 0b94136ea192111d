import type { DataSource } from 'typeorm';
import { diffCatalogs, snapshotCatalog } from '../../src/cli/migrate/catalog-snapshot';
import { runMigrate } from '../../src/cli/migrate/migrate-command';
import { runRehearse } from '../../src/cli/migrate/rehearse';
import { runRevert } from '../../src/cli/migrate/revert-command';
import { executedMigrationNames } from '../../src/cli/migrate/run-migrations';
import type { RecordedStatement } from '../../src/cli/migrate/statement-recorder';
import { bundledMigrations } from '../../src/migrations';
import { schemaMigrations } from '../../src/migrations/schema';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * `migrate`, `revert` and `rehearse` on the bundled schema, in-process, one scratch database per
 * target shared by the steps below, in order (each full pass over the 50 migrations costs seconds
 * on a loaded MariaDB, so there are three: rehearse's up, revert and up again): a dry run on the
 * empty database changes nothing; rehearse passes, and its first up (a real run from the same
 * state) sends exactly the SQL the dry run printed, one line per migration with duration and
 * memory; a revert of three, dry then real, the same; `migrate` of those three as lines and as
 * JSON, ending with the doctor. The CLI process itself: migrate-cli.test.ts.
 */

const names = bundledMigrations.map((M) => new M().name!);

function capture() {
  const chunks: string[] = [];
  return { out: { write: (t: string) => void chunks.push(t), tty: false }, text: () => chunks.join('') };
}

// The seed rows' ids are UUIDv7s generated when up() runs: the one value allowed to differ between runs.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** What a statement sent (fresh UUIDv7 ids as a placeholder), without whether a dry run sent it. */
const sent = (statements: RecordedStatement[] | undefined) =>
  (statements ?? []).map(({ sql, parameters }) => ({ sql, parameters: parameters?.map((p) => (typeof p === 'string' && UUID_V7.test(p) ? '<uuidv7>' : p)) }));

const LINE = (verb: string, name: string) =>
  new RegExp(String.raw`^${verb}  ${name}\s+\d[\d.,]* ms  rss\s+[+-]\d[\d.]* (B|kB|MB)  heap\s+[+-]\d[\d.]* (B|kB|MB)$`, 'm');

describeEachDatabase('typeorm-tenancy migrate / revert / rehearse on the bundled schema', { migrate: false, migrations: schemaMigrations }, (db) => {
  let ds: DataSource;
  let dryRun: Awaited<ReturnType<typeof runMigrate>>['dryRun'];
  beforeAll(() => {
    ds = db().dataSource;
  });

  it('migrate --dry-run prints the SQL of every pending migration and leaves the catalog identical', async () => {
    const before = await snapshotCatalog(ds);
    const { out, text } = capture();
    const outcome = await runMigrate(ds, { dryRun: true }, out);
    expect(outcome.exitCode).toBe(0);
    dryRun = outcome.dryRun!;
    expect(dryRun.migrations.map((m) => m.name)).toEqual(names);
    for (const name of names) expect(text()).toContain(`-- apply ${name} (in a transaction; `);
    expect(text()).toMatch(/CREATE TABLE .tenants. \(/);
    expect(text()).toMatch(/dry run: \d+ migrations would be applied, \d+ statements; nothing was changed\n$/);
    expect(diffCatalogs(before, await snapshotCatalog(ds))).toEqual([]);
    // Not even TypeORM's bookkeeping table: the dry run would have created it first.
    expect(dryRun.bookkeeping.some((s) => /CREATE TABLE .migrations./.test(s.sql))).toBe(true);
    expect(await executedMigrationNames(ds)).toEqual([]);
  }, 120_000);

  it('rehearse passes on the whole bundled schema; its first up sends exactly the SQL the dry run printed', async () => {
    const { out, text } = capture();
    const outcome = await runRehearse(ds, { record: true }, out);
    expect([outcome.failed, outcome.exitCode]).toEqual([undefined, 0]);
    expect(outcome.migrations).toEqual(names);
    const first = outcome.runs.up!;
    expect(first.migrations.map((m) => m.name)).toEqual(names);
    for (const run of first.migrations) {
      expect([run.name, sent(run.statements)]).toEqual([run.name, sent(dryRun!.migrations.find((m) => m.name === run.name)!.statements)]);
    }
    for (const name of names) expect(text()).toMatch(LINE('  applied', name));
    for (const phase of ['data', 'up', 'doctor', 'revert', 'catalog', 'up again', 'doctor again']) expect(text()).toMatch(new RegExp(`^rehearse \\[\\d/7\\] ${phase}: `, 'm'));
    expect(text()).toMatch(/^rehearse \[2\/7\] up: total: 50 migrations applied in \d[\d.,]* ms; peak rss [+-]\d[\d.]* (B|kB|MB), peak heap [+-]\d[\d.]* (B|kB|MB)$/m);
    expect(text()).toContain('rehearse [5/7] catalog: identical to the start');
    expect(text()).toMatch(/rehearse: passed \(50 migrations/);
    expect(await executedMigrationNames(ds)).toEqual([...names].reverse());
  }, 240_000);

  it('revert --steps 3 --dry-run changes nothing; revert --steps 3 then sends that SQL', async () => {
    const before = await snapshotCatalog(ds);
    const dry = await runRevert(ds, { steps: '3', dryRun: true }, capture().out);
    expect(dry.exitCode).toBe(0);
    expect(dry.selected).toEqual(names.slice(-3).reverse());
    expect(diffCatalogs(before, await snapshotCatalog(ds))).toEqual([]);
    const { out, text } = capture();
    const real = await runRevert(ds, { steps: 3, record: true }, out);
    expect(real.exitCode).toBe(0);
    expect(real.result!.migrations.map((m) => [m.name, sent(m.statements)])).toEqual(dry.dryRun!.migrations.map((m) => [m.name, sent(m.statements)]));
    for (const name of names.slice(-3)) expect(text()).toMatch(LINE('reverted', name));
    expect(text()).toMatch(/^total: 3 migrations reverted in /m);
    expect(await executedMigrationNames(ds)).toEqual(names.slice(0, -3).reverse());
  }, 120_000);

  it('migrate prints one line per migration with duration and memory, the total, then the doctor', async () => {
    const { out, text } = capture();
    const outcome = await runMigrate(ds, {}, out);
    expect(outcome.result!.migrations.map((m) => m.name)).toEqual(names.slice(-3));
    expect(text()).toMatch(/^3 pending migrations on (postgres|mysql|mariadb)$/m);
    for (const name of names.slice(-3)) expect(text()).toMatch(LINE('applied', name));
    expect(text()).toMatch(/^total: 3 migrations applied in \d[\d.,]* ms; peak rss [+-]\d[\d.]* (B|kB|MB), peak heap [+-]\d[\d.]* (B|kB|MB)$/m);
    // The doctor's summary as `start` prints it; as the test servers' superuser / root only the
    // connecting role's check fails (PostgreSQL), which a migration role fails by design: exit 0.
    expect(text()).toMatch(/^doctor: \d+ tables, \d+ checks: /m);
    expect(outcome.report!.checks.filter((c) => c.status === 'fail').every((c) => c.check === 'connecting-role')).toBe(true);
    expect(outcome.exitCode).toBe(0);
    expect(await executedMigrationNames(ds)).toEqual([...names].reverse());
  }, 120_000);

  it('migrate --json prints one document: each migration with ms and memory, the total and the doctor', async () => {
    expect((await runRevert(ds, { steps: 2 }, capture().out)).exitCode).toBe(0);
    const { out, text } = capture();
    const outcome = await runMigrate(ds, { json: true }, out);
    const doc = JSON.parse(text());
    expect(doc.migrations.map((m: { name: string }) => m.name)).toEqual(names.slice(-2));
    for (const m of doc.migrations) expect(Object.keys(m).sort()).toEqual(['heapDelta', 'ms', 'name', 'rssDelta']);
    expect(doc.total).toEqual(expect.objectContaining({ migrations: 2, ms: expect.any(Number), rssDelta: expect.any(Number), heapDelta: expect.any(Number) }));
    expect(doc.doctor.summary.checks).toBeGreaterThan(0);
    expect(doc.doctor.unexpectedFailures).toEqual([]);
    expect([doc.failed, doc.exitCode, outcome.exitCode]).toEqual([null, 0, 0]);
  }, 120_000);
});
