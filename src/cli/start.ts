import type { DataSource } from 'typeorm';
import { createApplicationRole, registerSystemKey } from '../dialect/postgres-app-role';
import { createDataSource, EMBEDDED_APP_ROLE, type CreateDataSourceOptions } from './data-source-from-url';
import { renderDoctorSummary } from './doctor/render-doctor-summary';
import { runDoctor } from './doctor/run-doctor';
import { embeddedSystemKey } from './embedded-system-key';
import type { DoctorReport } from './doctor/doctor-report';

async function using<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<T> {
  try {
    await dataSource.initialize();
    return await fn();
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `npm start`: connect (DATABASE_URL, or embedded PostgreSQL under ./.data), run every pending
 * bundled migration, print what was applied, and end with the doctor's summary. On the embedded
 * database it also creates the application role `tenancy_app` and a system key (kept next to the
 * data directory), and runs the doctor as that role, as an application would connect; with a URL the doctor runs as the URL's role (a migration
 * role fails the role check: connect the application as one made by `typeorm-tenancy app-role`).
 *
 * @returns the names of the migrations applied (the doctor's report is printed, not thrown)
 * @example
 * await start({ url: 'mysql://root@127.0.0.1:3306/test' });
 */
export async function start(options: CreateDataSourceOptions = {}, log: (line: string) => void = console.log): Promise<string[]> {
  const embedded = !(options.url || process.env.DATABASE_URL);
  const owner = await createDataSource(options);
  let report: DoctorReport | undefined;
  const applied = await using(owner, async () => {
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
    report = await using(app, () => runDoctor(app));
  }
  log(renderDoctorSummary(report!));
  return applied;
}
