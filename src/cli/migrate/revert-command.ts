import type { DataSource } from 'typeorm';
import { failureLine, resultJson, withMigrationDataSource } from './command-outcome';
import { dryRunReverts, type DryRunResult } from './dry-run';
import { selectReverts } from './migration-executor';
import type { MigrationDataSourceOptions } from './open-migration-data-source';
import { clearProgress, progressDisplay, renderDryRun, stdoutOutput, totalLine, type CommandOutput } from './render-migrations';
import { executedMigrationNames, revertMigrations, type MigrationsResult } from './run-migrations';

/**
 * What to revert: the last `steps` executed migrations, or every one executed after `to` (`to` stays applied).
 *
 * @example
 * await runRevert(dataSource, { to: 'Phase0201CreateVenues1767225801000', dryRun: true } satisfies RevertOptions);
 */
export interface RevertOptions {
  steps?: number | string;
  to?: string;
  dryRun?: boolean;
  json?: boolean;
  /** Keep every statement each `down()` sent in the result. */
  record?: boolean;
  /** Where usage errors go (default stderr). */
  error?: (text: string) => void;
}

/**
 * What {@link runRevert} did, and the exit code it decided.
 *
 * @example
 * const { exitCode, selected }: RevertOutcome = await runRevert(dataSource, { steps: 2 });
 */
export interface RevertOutcome {
  exitCode: number;
  /** The migrations chosen, newest first (empty on a usage error). */
  selected: string[];
  result?: MigrationsResult;
  dryRun?: DryRunResult;
}

/** The request as `selectReverts` takes it, or why it is not one. */
function request(options: RevertOptions): { steps?: number; to?: string } | string {
  if ((options.steps === undefined) === (options.to === undefined)) return 'give exactly one of --steps <N> and --to <migration name>';
  if (options.to !== undefined) return { to: options.to };
  const steps = typeof options.steps === 'number' ? options.steps : /^\d+$/.test(options.steps!) ? Number(options.steps) : NaN;
  return { steps };
}

/**
 * `typeorm-tenancy revert` on an initialized DataSource: reverts the last `steps` executed
 * migrations, or all executed after `to` (which stays applied, TypeORM's convention), newest
 * first, each `down()` in its own transaction (none for a migration marked `transaction = false`),
 * with the same per-migration lines as `migrate`. Exit 2, nothing reverted: neither or both of
 * steps / to, steps not a whole number ≥ 1 or more than are executed, `to` not an executed
 * migration. Exit 1: a `down()` failed; its error's message is printed (a bundled revert refusing
 * a table with rows: `TABLE_HOLDS_ROWS`, with how to go on); the ones reverted before it stay reverted.
 * `dryRun`: the SQL each `down()` would send, nothing changed.
 *
 * @example
 * const { exitCode } = await runRevert(dataSource, { steps: 2 });
 */
export async function runRevert(dataSource: DataSource, options: RevertOptions, out: CommandOutput = stdoutOutput()): Promise<RevertOutcome> {
  const error = options.error ?? ((t: string) => process.stderr.write(t));
  const wanted = request(options);
  const selected = typeof wanted === 'string' ? wanted : selectReverts(await executedMigrationNames(dataSource), wanted);
  if (typeof selected === 'string') {
    error(`typeorm-tenancy revert: ${selected}; nothing was reverted\n`);
    return { exitCode: 2, selected: [] };
  }
  const dialect = dataSource.driver.options.type;
  if (options.dryRun) {
    const dryRun = await dryRunReverts(dataSource, selected);
    const exitCode = dryRun.migrations.some((m) => m.error) ? 1 : 0;
    if (options.json) {
      const migrations = dryRun.migrations.map((m) => ({ ...m, error: m.error === undefined ? undefined : String((m.error as Error)?.message ?? m.error) }));
      out.write(`${JSON.stringify({ command: 'revert', dryRun: true, dialect, migrations, exitCode }, null, 2)}\n`);
    } else out.write(renderDryRun(dryRun));
    return { exitCode, selected, dryRun };
  }
  if (!options.json) out.write(selected.length ? `reverting ${selected.length} migration${selected.length === 1 ? '' : 's'} on ${dialect}, newest first\n` : 'Nothing to revert.\n');
  const progress = options.json ? undefined : progressDisplay(out, 'reverted', selected);
  const result = await revertMigrations(dataSource, selected, { progress, record: options.record });
  const exitCode = result.failed ? 1 : 0;
  if (options.json) out.write(`${JSON.stringify({ command: 'revert', dryRun: false, dialect, ...resultJson(result), exitCode }, null, 2)}\n`);
  else {
    if (result.failed) clearProgress(out);
    out.write(`${result.failed ? `${failureLine(result.failed, 'revert')}\n` : ''}${totalLine(result, 'reverted')}\n`);
  }
  return { exitCode, selected, result };
}

/**
 * `typeorm-tenancy revert [-d <file> | --url <url>] (--steps N | --to <name>) [--dry-run] [--json]`:
 * opens the DataSource as `migrate` does, runs {@link runRevert}, closes it; returns the exit code.
 *
 * @example
 * process.exitCode = await revertCommand({ url, to: 'Phase0201CreateVenues1767225600201' });
 */
export async function revertCommand(options: MigrationDataSourceOptions & RevertOptions, out: CommandOutput = stdoutOutput()): Promise<number> {
  return withMigrationDataSource(options, async (dataSource) => (await runRevert(dataSource, options, out)).exitCode);
}
