import type { DryRunResult } from './dry-run';
import { formatBytes } from './memory-sampler';
import type { MigrationProgress, MigrationRun, MigrationsResult } from './run-migrations';

/**
 * Where a command writes: text as is (lines end in `\n`), and whether it is a terminal.
 *
 * @example
 * const out: CommandOutput = { write: (t) => process.stdout.write(t), tty: process.stdout.isTTY };
 */
export interface CommandOutput {
  write(text: string): void;
  /** A terminal: progress is shown as one line rewritten in place. */
  tty?: boolean;
}

/**
 * The process's stdout as a {@link CommandOutput}.
 *
 * @example
 * await migrateCommand({ url }, stdoutOutput());
 */
export const stdoutOutput = (): CommandOutput => ({ write: (t) => process.stdout.write(t), tty: Boolean(process.stdout.isTTY) });

const milliseconds = (ms: number) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One migration's line: verb, name, duration, peak RSS and heap growth.
 *
 * @example
 * migrationLine({ name: 'Phase0201CreateVenues1767225600201', ms: 14.2, rssDelta: 1_200_000, heapDelta: 310_000 }, 'applied', 34);
 * // 'applied  Phase0201CreateVenues1767225600201  14 ms  rss +1.2 MB  heap +310 kB'
 */
export function migrationLine(run: MigrationRun, verb: string, width = run.name.length): string {
  return `${verb}  ${run.name.padEnd(width)}  ${milliseconds(run.ms).padStart(9)}  rss ${formatBytes(run.rssDelta).padStart(8)}  heap ${formatBytes(run.heapDelta).padStart(8)}`;
}

/**
 * The closing line: how many, the whole run's wall time and peak memory growth.
 *
 * @example
 * totalLine(result, 'applied'); // 'total: 41 migrations applied in 812 ms; peak rss +6.1 MB, peak heap +4.0 MB'
 */
export function totalLine(result: MigrationsResult, verb: string): string {
  const { ms, rssDelta, heapDelta } = result.total;
  return `total: ${plural(result.migrations.length, 'migration')} ${verb} in ${milliseconds(ms)}; peak rss ${formatBytes(rssDelta)}, peak heap ${formatBytes(heapDelta)}`;
}

/**
 * The per-migration display: on a terminal `[3/12] name …` rewritten in place while a migration
 * runs, replaced by its line when it is done; otherwise one plain line per migration.
 *
 * @example
 * await runPendingMigrations(dataSource, { progress: progressDisplay(stdoutOutput(), 'applied', names) });
 */
export function progressDisplay(out: CommandOutput, verb: string, names: readonly string[]): MigrationProgress {
  const width = Math.max(0, ...names.map((n) => n.length));
  const clear = out.tty ? '\r\x1b[2K' : '';
  return {
    start(index, total, name) {
      if (out.tty) out.write(`${clear}[${index + 1}/${total}] ${name} …`);
    },
    done(run) {
      out.write(`${clear}${migrationLine(run, verb, width)}\n`);
    },
  };
}

/**
 * Clears a progress line a failure interrupted (terminal only).
 *
 * @example
 * clearProgress(stdoutOutput()); // before printing a failure over the progress line
 */
export const clearProgress = (out: CommandOutput): void => {
  if (out.tty) out.write('\r\x1b[2K');
};

const parameters = (p?: unknown[]) => (p?.length ? `  -- parameters: ${JSON.stringify(p).slice(0, 200)}` : '');

/**
 * A dry run as text: per migration its name, how it was treated, and its statements (`--` marks
 * statements that were recorded and not sent).
 *
 * @example
 * out.write(renderDryRun(await dryRunMigrations(dataSource)));
 */
export function renderDryRun(result: DryRunResult): string {
  const verb = result.direction === 'up' ? 'apply' : 'revert';
  const lines: string[] = [];
  if (result.bookkeeping.some((s) => !/^\s*(SELECT|SHOW)\b/i.test(s.sql))) {
    lines.push('-- TypeORM bookkeeping before the first migration');
    for (const s of result.bookkeeping) lines.push(`${s.sql.trim()};${parameters(s.parameters)}`);
  }
  for (const m of result.migrations) {
    const how = m.how === 'rolled-back' ? 'ran inside a transaction, rolled back' : 'writes recorded, not sent; reads ran';
    lines.push('', `-- ${verb} ${m.name} (${m.transaction ? 'in a transaction' : 'no transaction'}; ${how})`);
    for (const s of m.statements) lines.push(`${s.sql.trim()};${parameters(s.parameters)}`);
    if (m.error) lines.push(`-- FAILED here: ${m.error instanceof Error ? m.error.message : String(m.error)}`);
  }
  const failed = result.migrations.find((m) => m.error);
  lines.push(
    '',
    failed
      ? `dry run: stopped at ${failed.name}; nothing was changed`
      : `dry run: ${plural(result.migrations.length, 'migration')} would ${verb === 'apply' ? 'be applied' : 'be reverted'}, ` +
          `${result.migrations.reduce((n, m) => n + m.statements.length, 0)} statements; nothing was changed`,
  );
  return `${lines.join('\n')}\n`;
}
