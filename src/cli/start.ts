import { createApplicationRole, registerSystemKey } from '../dialect/postgres-app-role';
import { usingDataSource } from './connection-error';
import { createDataSource, EMBEDDED_APP_ROLE, type CreateDataSourceOptions } from './data-source-from-url';
import { renderDoctorSummary } from './doctor/render-doctor-summary';
import { runDoctor } from './doctor/run-doctor';
import { embeddedSystemKey } from './embedded-system-key';
import type { DoctorCheckId, DoctorReport } from './doctor/doctor-report';
import { nextStepAfterStart } from './start-next-step';

/**
 * The checks that describe the connecting role itself. `start` migrates, so with a URL it connects
 * as the owner / migration role, which fails them by design (it owns the tables, or is a
 * superuser; as the migration runner it is an inheriting member of the wall roles and keeps TEMP).
 */
export const CONNECTING_ROLE_CHECKS: readonly DoctorCheckId[] = ['connecting-role', 'wall-roles', 'temp-tables'];

/** What {@link runStart} did. */
export interface StartResult {
  /** Names of the migrations applied by this run. */
  applied: string[];
  /** The doctor's report (embedded: as `tenancy_app`; with a URL: as the URL's role). */
  report: DoctorReport;
  /** Whether it ran on the embedded PostgreSQL. */
  embedded: boolean;
  /**
   * With a URL: the failed checks that are expected of the migration / owner role start connected
   * as ({@link CONNECTING_ROLE_CHECKS}); `unexpected` are all the others. Embedded: every failure is unexpected.
   */
  expectedFailures: DoctorCheckId[];
  unexpectedFailures: DoctorCheckId[];
}

/**
 * `npm start`, returning everything it found: see {@link start}. The exit-code rule of the CLI
 * ({@link startExitCode}) is decided on this result.
 *
 * @example
 * const { report } = await runStart({ url: process.env.DATABASE_URL });
 */
export async function runStart(options: CreateDataSourceOptions = {}, log: (line: string) => void = console.log): Promise<StartResult> {
  const url = options.url || process.env.DATABASE_URL || undefined;
  const embedded = !url;
  const owner = await createDataSource(options);
  let report: DoctorReport | undefined;
  const applied = await usingDataSource(owner, url, async () => {
    const where = owner.driver.options.type + (embedded ? ` (embedded PGlite, ${options.dataDir ?? './.data/pglite'})` : '');
    log(`typeorm-tenancy: connected to ${where}`);
    const done = await owner.runMigrations({ transaction: 'each' });
    if (done.length === 0) log('No pending migrations: the schema is up to date.');
    for (const migration of done) log(`applied ${migration.name}`);
    const total = await owner.query(`SELECT COUNT(*) AS n FROM ${owner.driver.escape('migrations')}`);
    log(`${Number(total[0].n)} bundled migration(s) recorded in the migrations table.`);
    if (embedded) {
      await createApplicationRole(owner, { role: EMBEDDED_APP_ROLE });
      await registerSystemKey(owner, embeddedSystemKey(options.dataDir ?? './.data/pglite', true)!, 'npm start (embedded)');
    } else {
      report = await runDoctor(owner);
    }
    return done.map((m) => m.name);
  });
  if (embedded) {
    log(`Application role ${EMBEDDED_APP_ROLE} ready (not owner, no BYPASSRLS) with a system key; the doctor runs as it.`);
    const app = await createDataSource({ ...options, embeddedRole: EMBEDDED_APP_ROLE });
    report = await usingDataSource(app, undefined, () => runDoctor(app));
  }
  const failed = [...new Set(report!.checks.filter((c) => c.status === 'fail').map((c) => c.check))];
  const expected = embedded ? [] : failed.filter((c) => CONNECTING_ROLE_CHECKS.includes(c));
  const result: StartResult = {
    applied,
    report: report!,
    embedded,
    expectedFailures: expected,
    unexpectedFailures: failed.filter((c) => !expected.includes(c)),
  };
  log(renderDoctorSummary(report!));
  for (const line of nextStepAfterStart(result, url)) log(line);
  return result;
}

/**
 * `npm start`: connect (DATABASE_URL, or embedded PostgreSQL under ./.data), run every pending
 * bundled migration, print what was applied, and end with the doctor's summary. On the embedded
 * database it also creates the application role `tenancy_app` and a system key (kept next to the
 * data directory), and runs the doctor as that role, as an application would connect. With a URL
 * the doctor runs as the URL's role, a migration / owner role, which fails the checks of the
 * connecting role by design: it then says so and prints the `typeorm-tenancy app-role` command to
 * run next. A failed connection shows the driver's error (and, for a missing database, how to
 * create it).
 *
 * @returns the names of the migrations applied (the doctor's report is printed, not thrown)
 * @example
 * await start({ url: 'mysql://root@127.0.0.1:3306/test' });
 */
export async function start(options: CreateDataSourceOptions = {}, log: (line: string) => void = console.log): Promise<string[]> {
  return (await runStart(options, log)).applied;
}

/**
 * The exit code of `typeorm-tenancy start` (README, docs/doctor.md): 0 when the migrations ran and
 * the doctor failed nothing but the connecting-role checks a migration / owner role fails by
 * design (URL only); 1 when any other check failed. (Connection and migration errors: 1, usage: 2,
 * decided by the CLI.)
 *
 * @example
 * process.exitCode = startExitCode(await runStart({ url }));
 */
export function startExitCode(result: StartResult): number {
  return result.unexpectedFailures.length === 0 ? 0 : 1;
}
