import type { DataSource } from 'typeorm';
import { renderDoctorSummary } from '../doctor/render-doctor-summary';
import { runDoctor } from '../doctor/run-doctor';
import { diffCatalogs, snapshotCatalog } from './catalog-snapshot';
import { doctorVerdict, failureLine, withMigrationDataSource } from './command-outcome';
import type { MigrationDataSourceOptions } from './open-migration-data-source';
import { clearProgress, progressDisplay, stdoutOutput, totalLine, type CommandOutput } from './render-migrations';
import { tablesWithRows } from './rows-present';
import { pendingMigrationNames, revertMigrations, runPendingMigrations, type MigrationsResult } from './run-migrations';

/**
 * The phases of a rehearsal, in order.
 *
 * @example
 * REHEARSE_PHASES.indexOf('catalog'); // 4 (printed as [5/7])
 */
export const REHEARSE_PHASES = ['data', 'up', 'doctor', 'revert', 'catalog', 'up again', 'doctor again'] as const;

/**
 * A phase of {@link runRehearse}.
 *
 * @example
 * const phase: RehearsePhase = 'catalog';
 */
export type RehearsePhase = (typeof REHEARSE_PHASES)[number];

/**
 * What {@link runRehearse} found.
 *
 * @example
 * const { failed }: RehearseOutcome = await runRehearse(dataSource); // failed?.phase === 'catalog'
 */
export interface RehearseOutcome {
  exitCode: number;
  /** The pending migrations rehearsed, oldest first. */
  migrations: string[];
  /** The phase that failed, and what it found (for `catalog`: one line per difference). */
  failed?: { phase: RehearsePhase; details: string[] };
  /** The runs of the phases that got that far. */
  runs: { up?: MigrationsResult; revert?: MigrationsResult; upAgain?: MigrationsResult };
}

/**
 * Options of {@link runRehearse}.
 *
 * @example
 * await runRehearse(dataSource, { force: true } satisfies RehearseOptions);
 */
export interface RehearseOptions {
  /** Rehearse even though tables hold rows (the revert may drop them, or refuse). */
  force?: boolean;
  /** Keep every statement of each run in `runs` (to compare with a dry run). */
  record?: boolean;
}

/**
 * `typeorm-tenancy rehearse` on an initialized DataSource of a scratch database: the pending
 * migrations up → doctor → revert them (newest first) → the catalog must be identical to the
 * start → up again (the catalog identical to the first up's) → doctor. Refuses (phase `data`) a
 * database where a table holds rows (bundled seed rows and TypeORM's bookkeeping aside) unless
 * `force`. Each phase gets a line; the first failure ends the run with exit 1, naming the phase
 * and, for a catalog difference, each difference. The doctor's rule is `migrate`'s (the
 * connecting role's checks fail by design). Exit 0: every phase passed, or nothing was pending.
 *
 * @example
 * const { exitCode, failed } = await runRehearse(scratchDataSource);
 * // failed: { phase: 'catalog', details: ['column tenants.hm_note: only after the revert'] }
 */
export async function runRehearse(dataSource: DataSource, options: RehearseOptions = {}, out: CommandOutput = stdoutOutput()): Promise<RehearseOutcome> {
  let migrations: string[] = [];
  const runs: RehearseOutcome['runs'] = {};
  const step = (phase: RehearsePhase, text: string) => out.write(`rehearse [${REHEARSE_PHASES.indexOf(phase) + 1}/${REHEARSE_PHASES.length}] ${phase}: ${text}\n`);
  const fail = (phase: RehearsePhase, summary: string, details: string[] = []): RehearseOutcome => {
    step(phase, `FAILED: ${summary}`);
    for (const line of details) out.write(`  ${line}\n`);
    out.write(`rehearse: FAILED in phase ${phase}\n`);
    return { exitCode: 1, migrations, runs, failed: { phase, details: details.length ? details : [summary] } };
  };
  const up = async (): Promise<MigrationsResult> => {
    const result = await runPendingMigrations(dataSource, { progress: progressDisplay(out, '  applied', migrations), record: options.record });
    if (result.failed) clearProgress(out);
    return result;
  };
  const doctor = async (phase: RehearsePhase): Promise<RehearseOutcome | undefined> => {
    const report = await runDoctor(dataSource);
    const { unexpected } = doctorVerdict(report);
    if (unexpected.length) return fail(phase, `checks failed: ${unexpected.join(', ')}`, renderDoctorSummary(report).split('\n'));
    step(phase, renderDoctorSummary(report));
    return undefined;
  };

  const rows = await tablesWithRows(dataSource);
  if (rows.length && !options.force) {
    return fail('data', 'the database holds data; rehearse reverts what it applies, so give it a scratch database (or --force)', rows);
  }
  step('data', rows.length ? `tables hold rows (${rows.join(', ')}), going on (--force)` : 'no table holds rows');
  const start = await snapshotCatalog(dataSource);
  migrations = await pendingMigrationNames(dataSource);
  if (!migrations.length) {
    out.write('rehearse: no pending migrations, nothing to rehearse\n');
    return { exitCode: 0, migrations, runs };
  }

  const first = (runs.up = await up());
  if (first.failed) return fail('up', failureLine(first.failed, 'apply'));
  step('up', totalLine(first, 'applied'));
  const afterUp = await snapshotCatalog(dataSource);
  const firstDoctor = await doctor('doctor');
  if (firstDoctor) return firstDoctor;

  const progress = progressDisplay(out, '  reverted', migrations);
  const reverted = (runs.revert = await revertMigrations(dataSource, [...migrations].reverse(), { progress, record: options.record }));
  if (reverted.failed) {
    clearProgress(out);
    return fail('revert', failureLine(reverted.failed, 'revert'));
  }
  step('revert', totalLine(reverted, 'reverted'));
  const differences = diffCatalogs(start, await snapshotCatalog(dataSource), ['the starting catalog', 'the catalog after the revert']);
  if (differences.length) return fail('catalog', `the revert did not restore the starting catalog (${differences.length} difference${differences.length === 1 ? '' : 's'}); a down() is incomplete`, differences);
  step('catalog', 'identical to the start');

  const second = (runs.upAgain = await up());
  if (second.failed) return fail('up again', failureLine(second.failed, 'apply'));
  const again = diffCatalogs(afterUp, await snapshotCatalog(dataSource), ['the first up', 'the second up']);
  if (again.length) return fail('up again', 'the second up made a different catalog than the first', again);
  step('up again', `${totalLine(second, 'applied')}; catalog identical to the first up`);
  const lastDoctor = await doctor('doctor again');
  if (lastDoctor) return lastDoctor;
  out.write(`rehearse: passed (${migrations.length} migration${migrations.length === 1 ? '' : 's'}: up, doctor, revert, catalog, up again, doctor)\n`);
  return { exitCode: 0, migrations, runs };
}

/**
 * `typeorm-tenancy rehearse --url <scratch url> [-d <file>] [--force]`: {@link runRehearse} on the
 * database of `url` (with `-d`, the file's migrations; the file must connect to `url`).
 *
 * @example
 * process.exitCode = await rehearseCommand({ url: 'postgres://owner@127.0.0.1/scratch' });
 */
export async function rehearseCommand(options: MigrationDataSourceOptions & RehearseOptions, out: CommandOutput = stdoutOutput()): Promise<number> {
  if (!options.url) throw new Error('rehearse needs --url <scratch database url>');
  return withMigrationDataSource(options, async (dataSource) => (await runRehearse(dataSource, options, out)).exitCode);
}
