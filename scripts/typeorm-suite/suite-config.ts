/**
 * What the TypeORM-suite runner runs: folders, dialects, connection options and the tests it must
 * not run. Shared by `run.ts` (which writes `ormconfig.json`) and `hook.ts` (which reads it back
 * for the one dialect a mocha process runs).
 */

/** The dialects the runner knows; `mysql` and `mariadb` both run against the MariaDB server. */
export type SuiteDialect = 'postgres' | 'mysql' | 'mariadb';

export const DIALECTS: readonly SuiteDialect[] = ['postgres', 'mysql', 'mariadb'];

/**
 * Folders of issue 12 (`test/functional/<name>`, plus `github-issues`). TypeORM's tree has
 * `cascades` (not `cascade`) and no `entity-manager` folder: missing folders are reported, not run.
 */
export const FOLDERS: readonly string[] = [
  'query-builder', 'repository', 'find-options', 'relations', 'persistence', 'entity-manager',
  'transaction', 'tree-tables', 'cascades', 'columns', 'table-inheritance', 'schema-builder',
  'database-schema', 'commands', 'uuid', 'github-issues',
];

/** Database names this runner may use (never a shared one); override with TSUITE_PG_DB / TSUITE_MY_DB. */
export const DATABASES = {
  postgres: process.env.TSUITE_PG_DB ?? 'tsuite_pg',
  mysqlFamily: process.env.TSUITE_MY_DB ?? 'tsuite_my',
};

/** The `ormconfig.json` entry TypeORM's test utilities read for `dialect`. */
export function connectionOptions(dialect: SuiteDialect): Record<string, unknown> {
  if (dialect === 'postgres') {
    return {
      skip: false, type: 'postgres', logging: false,
      host: process.env.TSUITE_PG_HOST ?? '127.0.0.1', port: Number(process.env.TSUITE_PG_PORT ?? 5432),
      username: process.env.TSUITE_PG_USER ?? 'postgres', password: process.env.TSUITE_PG_PASSWORD ?? '',
      database: DATABASES.postgres,
    };
  }
  return {
    skip: false, type: dialect, logging: false,
    host: process.env.TSUITE_MY_HOST ?? '127.0.0.1', port: Number(process.env.TSUITE_MY_PORT ?? 3306),
    username: process.env.TSUITE_MY_USER ?? 'root', password: process.env.TSUITE_MY_PASSWORD ?? '',
    database: DATABASES.mysqlFamily,
  };
}

/**
 * Test directories (relative to `build/compiled/test`) never run, with why. They are skipped in
 * both runs, so they cannot hide a difference the layer makes: they touch things outside the
 * runner's own databases or the TypeORM copy itself.
 */
export const SKIPPED: ReadonlyArray<{ dir: string; dialects: readonly SuiteDialect[]; why: string }> = [
  // Writes and then unlinks build/compiled/src/package.json: through the link that is the
  // installed typeorm's package.json.
  { dir: 'github-issues/8975', dialects: DIALECTS, why: 'deletes build/compiled/src/package.json (the linked typeorm)' },
  { dir: 'functional/schema-builder/column/rename/column-with-schema', dialects: ['mysql', 'mariadb'], why: 'uses the shared database "test"' },
  { dir: 'functional/table-inheritance/single-table/database-option-inherited', dialects: ['mysql', 'mariadb'], why: 'uses the shared database "test"' },
  { dir: 'functional/schema-builder/idempotency/same-name-across-tables', dialects: ['mysql', 'mariadb'], why: 'creates database "testDB"' },
  { dir: 'functional/schema-builder/schema/custom-db-and-schema-sync', dialects: ['mysql', 'mariadb'], why: 'creates other databases' },
  { dir: 'github-issues/1326', dialects: ['mysql', 'mariadb'], why: 'uses database "db_1"' },
  { dir: 'github-issues/6168', dialects: ['mysql', 'mariadb'], why: 'creates database "test2"' },
];
