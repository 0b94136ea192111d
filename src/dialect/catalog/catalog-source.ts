import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Where catalog reads run: a DataSource (any pooled connection) or one QueryRunner (its connection,
 * e.g. inside the doctor's read-only transaction, or on PGlite's single session).
 */
export type CatalogSource = DataSource | QueryRunner;

/** The catalog family: PostgreSQL's pg_catalog (server and PGlite) or the MySQL family's information_schema. */
export type CatalogFamily = 'postgres' | 'mysql';

const dataSourceOf = (source: CatalogSource): DataSource => ('createQueryRunner' in source ? source : source.connection);

/**
 * Which catalog a source reads: `postgres` for `type: 'postgres'`, `mysql` for MySQL and MariaDB.
 *
 * @example
 * familyOf(dataSource); // 'postgres'
 */
export const familyOf = (source: CatalogSource): CatalogFamily => (dataSourceOf(source).driver.options.type === 'postgres' ? 'postgres' : 'mysql');

/**
 * Runs a catalog query and lower-cases the keys of each row: the MySQL family returns upper-case
 * names for information_schema columns unless aliased, PostgreSQL lower-case ones.
 *
 * @example
 * const rows = await catalogQuery(dataSource, 'SELECT TABLE_NAME AS name FROM information_schema.TABLES');
 */
export async function catalogQuery(source: CatalogSource, sql: string, parameters?: unknown[]): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = await source.query(sql, parameters);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])));
}

/**
 * A comparator on a string key, so every listing comes back in a stable order (two snapshots of
 * the same schema compare equal).
 *
 * @example
 * tables.sort(byKey((t) => t.name));
 */
export const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * A catalog value as a string, keeping SQL NULL as `null`.
 *
 * @example
 * str(row.comment); // 'Free notes' or null
 */
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The PostgreSQL condition restricting `pg_namespace n` to the current schema.
 *
 * @example
 * `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${PG_CURRENT_SCHEMA}`
 */
export const PG_CURRENT_SCHEMA = 'n.nspname = current_schema()';
