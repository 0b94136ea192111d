import type { DataSource } from 'typeorm';
import type { DoctorReport } from '../doctor/doctor-report';
import { renderDoctorSummary } from '../doctor/render-doctor-summary';
import { runDoctor } from '../doctor/run-doctor';
import { doctorVerdict, doctorVerdictLine, failureLine, resultJson, withMigrationDataSource } from './command-outcome';
import { dryRunMigrations, type DryRunResult } from './dry-run';
import type { MigrationDataSourceOptions } from './open-migration-data-source';
import { clearProgress, progressDisplay, renderDryRun, stdoutOutput, totalLine, type CommandOutput } from './render-migrations';
import { pendingMigrationNames, runPendingMigrations, type MigrationsResult } from './run-migrations';

/**
 * Options of {@link runMigrate} and {@link migrateCommand}.
 *
 * @example
 * await runMigrate(dataSource, { dryRun: true, json: true } satisfies MigrateOptions);
 */
export interface MigrateOptions {
  /** Print the SQL each pending migration would send; change nothing (docs/deploying.md, "Dry run"). */
  dryRun?: boolean;
  /** One JSON document instead of lines. */
  json?: boolean;
  /** Keep every statement each migration sent in the result (for comparing a real run with a dry run). */
  record?: boolean;
}

/**
 * What {@link runMigrate} did, and the exit code it decided.
 *
 * @example
 * const { exitCode, report }: MigrateOutcome = await runMigrate(dataSource);
 */
export interface MigrateOutcome {
  exitCode: number;
  result?: MigrationsResult;
  dryRun?: DryRunResult;
  report?: DoctorReport;
}

/**
 * `typeorm-tenancy migrate` on an initialized DataSource: runs its pending migrations with
 * TypeORM's executor (`migrationsTransactionMode`, default `each`), one line per migration with its
 * duration and peak RSS / heap growth (a progress line on a terminal), a total, then the doctor's
 * summary. Exit code: 0 when every migration ran and the doctor failed nothing but the connecting
 * role's checks (which a migration / owner role fails by design, see `doctorVerdict`); 1 when a
 * migration failed (its error's message is printed; nothing after it ran) or another check failed.
 * `dryRun`: the SQL per migration, nothing changed, no doctor; exit 0, or 1 when a migration threw.
 *
 * @example
 * const { exitCode, result } = await runMigrate(dataSource, {}, { write: (t) => process.stdout.write(t) });
 */
export async function runMigrate(dataSource: DataSource, options: MigrateOptions = {}, out: CommandOutput = stdoutOutput()): Promise<MigrateOutcome> {
  const dialect = dataSource.driver.options.type;
  if (options.dryRun) {
    const dryRun = await dryRunMigrations(dataSource);
    const exitCode = dryRun.migrations.some((m) => m.error) ? 1 : 0;
    if (options.json) {
      const migrations = dryRun.migrations.map((m) => ({ ...m, error: m.error === undefined ? undefined : String((m.error as Error)?.message ?? m.error) }));
      out.write(`${JSON.stringify({ command: 'migrate', dryRun: true, dialect, bookkeeping: dryRun.bookkeeping, migrations, exitCode }, null, 2)}\n`);
    } else {
      out.write(renderDryRun(dryRun));
    }
    return { exitCode, dryRun };
  }
  const names = options.json ? [] : await pendingMigrationNames(dataSource);
  if (!options.json) out.write(names.length ? `${names.length} pending migration${names.length === 1 ? '' : 's'} on ${dialect}\n` : 'No pending migrations: the schema is up to date.\n');
  const progress = options.json ? undefined : progressDisplay(out, 'applied', names);
  const result = await runPendingMigrations(dataSource, { progress, record: options.record });
  if (result.failed) {
    if (options.json) out.write(`${JSON.stringify({ command: 'migrate', dryRun: false, dialect, ...resultJson(result), doctor: null, exitCode: 1 }, null, 2)}\n`);
    else {
      clearProgress(out);
      out.write(`${failureLine(result.failed, 'apply')}\n${totalLine(result, 'applied')}\n`);
    }
    return { exitCode: 1, result };
  }
  const report = await runDoctor(dataSource);
  const verdict = doctorVerdict(report);
  const exitCode = verdict.unexpected.length ? 1 : 0;
  if (options.json) {
    const doctor = { summary: report.summary, ok: report.ok, failedChecks: verdict.failed, expectedFailures: verdict.expected, unexpectedFailures: verdict.unexpected };
    out.write(`${JSON.stringify({ command: 'migrate', dryRun: false, dialect, ...resultJson(result), doctor, exitCode }, null, 2)}\n`);
  } else {
    const verdictLine = doctorVerdictLine(report);
    out.write(`${totalLine(result, 'applied')}\n${renderDoctorSummary(report)}\n${verdictLine ? `${verdictLine}\n` : ''}`);
  }
  return { exitCode, result, report };
}

/**
 * `typeorm-tenancy migrate [-d <DataSource file> | --url <url>] [--dry-run] [--json]`: opens the
 * DataSource (the file's, else the URL, `DATABASE_URL` or the embedded PostgreSQL with the bundled
 * migrations), runs {@link runMigrate} and closes it; returns the exit code.
 *
 * @example
 * process.exitCode = await migrateCommand({ url: process.env.DATABASE_URL, dryRun: true });
 */
export async function migrateCommand(options: MigrationDataSourceOptions & MigrateOptions = {}, out: CommandOutput = stdoutOutput()): Promise<number> {
  return withMigrationDataSource(options, async (dataSource) => (await runMigrate(dataSource, options, out)).exitCode);
}
