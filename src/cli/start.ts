import { createDataSource, type CreateDataSourceOptions } from './data-source-from-url';

/**
 * `npm start`: connect (DATABASE_URL, or embedded PostgreSQL under ./.data), run every pending
 * bundled migration and print what was applied.
 *
 * @example
 * await start({ url: 'mysql://root@127.0.0.1:3306/test' });
 */
export async function start(options: CreateDataSourceOptions = {}, log: (line: string) => void = console.log): Promise<string[]> {
  const dataSource = await createDataSource(options);
  try {
    await dataSource.initialize();
    const embedded = !(options.url || process.env.DATABASE_URL);
    const where = dataSource.driver.options.type + (embedded ? ` (embedded PGlite, ${options.dataDir ?? './.data/pglite'})` : '');
    log(`typeorm-tenancy: connected to ${where}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length === 0) log('No pending migrations: the schema is up to date.');
    for (const migration of applied) log(`applied ${migration.name}`);
    const total = await dataSource.query(`SELECT COUNT(*) AS n FROM ${dataSource.driver.escape('migrations')}`);
    log(`${Number(total[0].n)} bundled migration(s) recorded in the migrations table.`);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
