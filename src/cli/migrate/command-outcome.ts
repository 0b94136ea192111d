import type { DataSource } from 'typeorm';
import { TenancyError } from '../../errors/tenancy-error';
import { usingDataSource } from '../connection-error';
import type { DoctorCheckId, DoctorReport } from '../doctor/doctor-report';
import { CONNECTING_ROLE_CHECKS } from '../start';
import { openMigrationDataSource, type MigrationDataSourceOptions } from './open-migration-data-source';
import type { MigrationsResult } from './run-migrations';

/**
 * The doctor's verdict after a migration command, which connects as the owner / migration role:
 * the checks of the connecting role ({@link CONNECTING_ROLE_CHECKS}) fail for it by design, as
 * for `typeorm-tenancy start` with a URL; any other failed check is unexpected and fails the run.
 *
 * @example
 * doctorVerdict(report); // { failed: ['connecting-role'], expected: ['connecting-role'], unexpected: [] }
 */
export function doctorVerdict(report: DoctorReport): { failed: DoctorCheckId[]; expected: DoctorCheckId[]; unexpected: DoctorCheckId[] } {
  const failed = [...new Set(report.checks.filter((c) => c.status === 'fail').map((c) => c.check))];
  const expected = failed.filter((c) => CONNECTING_ROLE_CHECKS.includes(c));
  return { failed, expected, unexpected: failed.filter((c) => !expected.includes(c)) };
}

/**
 * The line after the doctor's summary saying how its failures count for the exit code.
 *
 * @example
 * doctorVerdictLine(report); // 'connecting-role failed as expected: migrations run as the owner / migration role (owner). …'
 */
export function doctorVerdictLine(report: DoctorReport): string | undefined {
  const { expected, unexpected } = doctorVerdict(report);
  if (unexpected.length) return `Checks failed (${unexpected.join(', ')}): exit 1. Details: typeorm-tenancy doctor; docs/doctor.md.`;
  if (expected.length) {
    return (
      `${expected.join(', ')} failed as expected: migrations run as the owner / migration role (${report.role}). ` +
      'Check the application role with typeorm-tenancy doctor --url <app-role url> (docs/deploying.md).'
    );
  }
  return undefined;
}

/**
 * An error as `{ name, code, message }` for output (a library error's code; a driver's error name and message).
 *
 * @example
 * describeError(new TableHoldsRowsError('tenants', 1, false, ALLOW_DROP_WITH_ROWS_ENV)); // { name: 'TableHoldsRowsError', code: 'TABLE_HOLDS_ROWS', message: 'Refused to drop table tenants: …' }
 */
export function describeError(error: unknown): { name: string; code?: string; message: string } {
  if (error instanceof TenancyError) return error.toJSON();
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * The failure line of a run: which migration, and the error's own message (a typed error's fix-it text included).
 *
 * @example
 * failureLine(result.failed!, 'revert'); // 'FAILED to revert Phase0100CreateTenants1767225700000: TABLE_HOLDS_ROWS: Refused to drop table tenants: …'
 */
export function failureLine(failed: NonNullable<MigrationsResult['failed']>, verb: string): string {
  const e = describeError(failed.error);
  return `FAILED to ${verb} ${failed.name}: ${e.code ? `${e.code}: ` : ''}${e.message}`;
}

/**
 * A result as JSON numbers (rounded ms, bytes) for `--json`.
 *
 * @example
 * JSON.stringify(resultJson(await runPendingMigrations(dataSource))); // {"migrations":[{"name":…,"ms":14.2,"rssDelta":131072,"heapDelta":356000}],…}
 */
export function resultJson(result: MigrationsResult) {
  return {
    migrations: result.migrations.map((m) => ({ name: m.name, ms: Math.round(m.ms * 10) / 10, rssDelta: m.rssDelta, heapDelta: m.heapDelta })),
    total: { migrations: result.migrations.length, ms: Math.round(result.total.ms), rssDelta: result.total.rssDelta, heapDelta: result.total.heapDelta },
    failed: result.failed ? { migration: result.failed.name, ...describeError(result.failed.error) } : null,
  };
}

/**
 * Opens the command's DataSource, initializes it, runs `fn` and always closes it (an embedded
 * PostgreSQL is stopped too); a failed connection says why (and for a missing database, how to create it).
 *
 * @example
 * const code = await withMigrationDataSource({ url }, (ds) => runMigrate(ds, {}, out));
 */
export async function withMigrationDataSource<T>(options: MigrationDataSourceOptions, fn: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openMigrationDataSource(options);
  // TypeORM logs every migration failure to stdout whatever `logging` says: to stderr here, so that
  // stdout is the command's own output (and `--json` stays one parseable document).
  Object.assign(dataSource.logger, { logMigration: (message: string) => process.stderr.write(`typeorm: ${message}\n`) });
  return usingDataSource(dataSource, options.url || process.env.DATABASE_URL || undefined, () => fn(dataSource));
}
