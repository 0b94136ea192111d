import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../../dialect/dialect';
import { tableMigration } from '../../migrations/schema/table-migration';
import type { TableDefinition } from '../../schema/table-definition';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

const names = (items: readonly string[], max = 8) => items.slice(0, max).join(', ') + (items.length > max ? `, … (${items.length - max} more)` : '');

/** The name a bundled definition's migration is recorded under, or null for a definition of no phase (yours). */
const migrationOf = (def: TableDefinition): string | null => (def.phase === undefined ? null : (new (tableMigration(def))().name ?? null));

/**
 * Names recorded in the migrations table, read behind a savepoint (a role without SELECT on it
 * must not abort the doctor's transaction); null when it cannot be read.
 */
async function recordedMigrations(runner: QueryRunner, d: Dialect, table: string): Promise<Set<string> | Error> {
  await runner.query('SAVEPOINT doctor_migrations');
  try {
    const rows: Array<Record<string, unknown>> = await runner.query(`SELECT ${d.quote('name')} AS name FROM ${d.quote(table)}`);
    await runner.query('RELEASE SAVEPOINT doctor_migrations');
    return new Set(rows.map((r) => String(r.name ?? r.NAME)));
  } catch (error) {
    await runner.query('ROLLBACK TO SAVEPOINT doctor_migrations');
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The database-wide `schema-drift` result: which of the definitions' tables exist (each present one
 * is compared on its own row). A missing table is drift only when the migrations table records its
 * migration as run (the table was dropped behind the migrations' back); a database where only part
 * of the migrations ran, or none, passes with a note. `skip` when tables are missing and the
 * migrations table cannot be read.
 *
 * @example
 * await bundledTablesCheck(runner, dialect, catalog, [tenantsTable, ...schemaTables], 'migrations');
 * // { table: null, check: 'schema-drift', status: 'pass', detail: '50 of 50 bundled tables present, each compared with its definition' }
 */
export async function bundledTablesCheck(runner: QueryRunner, d: Dialect, catalog: DoctorCatalog, definitions: readonly TableDefinition[], migrationsTable: string): Promise<DoctorCheck> {
  const check = (status: DoctorCheck['status'], detail: string): DoctorCheck => ({ table: null, check: 'schema-drift', status, detail });
  const present = definitions.filter((def) => catalog.tables.includes(def.name));
  const missing = definitions.filter((def) => !catalog.tables.includes(def.name));
  const head = `${present.length} of ${definitions.length} bundled tables present, each compared with its definition`;
  if (missing.length === 0) return check('pass', head);
  const recorded = catalog.tables.includes(migrationsTable) ? await recordedMigrations(runner, d, migrationsTable) : new Set<string>();
  if (recorded instanceof Error) {
    return check('skip', `${head}; ${names(missing.map((t) => t.name))} missing, and the ${migrationsTable} table could not be read (${recorded.message}) to tell whether they should exist`);
  }
  const lost = missing.filter((def) => {
    const migration = migrationOf(def);
    return migration !== null && recorded.has(migration);
  });
  if (lost.length) {
    return check(
      'fail',
      `${names(lost.map((t) => t.name))} missing although ${migrationsTable} records ${lost.length === 1 ? 'its migration' : 'their migrations'} as run ` +
        `(${names(lost.map((t) => migrationOf(t)!))}): the table was dropped outside the migrations; restore it from a backup, or delete that row from ${migrationsTable} and run the migrations again`,
    );
  }
  return check('pass', `${head}; ${missing.length} not created, their migrations have not run (${names(missing.map((t) => t.name))})`);
}
