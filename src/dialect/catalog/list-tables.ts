import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, str, type CatalogSource } from './catalog-source';
import type { TableInfo } from './catalog-types';

/**
 * Base tables of the current schema (PostgreSQL) or database (MySQL family), sorted by name.
 *
 * @example
 * (await listTables(dataSource)).map((t) => t.name); // ['conferences', 'migrations', 'tenants', …]
 */
export async function listTables(source: CatalogSource): Promise<TableInfo[]> {
  const rows =
    familyOf(source) === 'postgres'
      ? await catalogQuery(
          source,
          `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${PG_CURRENT_SCHEMA} AND c.relkind IN ('r', 'p')`,
        )
      : await catalogQuery(
          source,
          `SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
        );
  return rows.map((r) => ({ name: String(r.name), comment: str(r.comment) || null })).sort(byKey((t) => t.name));
}
