import type { QueryRunner } from 'typeorm';
import { catalogQuery } from '../catalog/catalog-source';
import { PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE } from '../postgres-rls';
import { CITUS_TABLES_SQL, citusTableOf, isCitus, type CitusTable } from './citus-distribution';

/** How Citus holds the tables of the current schema, and the key table; `null` when the database is no Citus node. */
export interface CitusCatalog {
  /** Every table of `pg_dist_partition` in the current schema, by name (absent: a local table). */
  tables: Map<string, CitusTable>;
  /** How `tenancy_private.system_keys` is held (`reference`: a copy on every node, as the policies on the workers need). */
  systemKeys: CitusTable;
}

/**
 * Reads the {@link CitusCatalog} for the doctor, or `null` on a database without Citus.
 *
 * @example
 * const citus = await listCitusTables(runner); citus?.tables.get('users')?.column; // 'tenant_id'
 */
export async function listCitusTables(runner: QueryRunner): Promise<CitusCatalog | null> {
  if (!(await isCitus(runner))) return null;
  const rows = await catalogQuery(runner, `${CITUS_TABLES_SQL} WHERE n.nspname = current_schema()`);
  const keys = await catalogQuery(runner, `${CITUS_TABLES_SQL} WHERE n.nspname = $1 AND c.relname = $2`, [PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE]);
  return { tables: new Map(rows.map((r) => [String(r.name), citusTableOf(r)])), systemKeys: citusTableOf(keys[0]) };
}
