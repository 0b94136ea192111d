import type { DataSource, EntityMetadata, QueryRunner } from 'typeorm';
import { catalogQuery, type CatalogSource } from '../catalog/catalog-source';
import { pgIdentifier as q } from '../postgres-sql';
import { CITUS_EXTENSION_SQL } from './citus-profile';

/**
 * Whether the database behind `source` is a Citus node (the `citus` extension is installed):
 * one catalog read that works on every PostgreSQL (PGlite included) and never fails.
 *
 * @example
 * if (await isCitus(dataSource)) console.log('distributed');
 */
export async function isCitus(source: CatalogSource): Promise<boolean> {
  const [row] = await catalogQuery(source, CITUS_EXTENSION_SQL);
  return Boolean(row?.citus);
}

/** How Citus holds one table (a row of `pg_dist_partition`), or `local` when it does not. */
export interface CitusTable {
  /** `distributed` (hash by a column), `reference` (a copy on every node), `single-shard`, or `local`. */
  kind: 'distributed' | 'reference' | 'single-shard' | 'local';
  /** The distribution column (distributed tables only). */
  column: string | null;
  /** Citus's co-location group (tables of one group keep a tenant's rows on the same node). */
  colocationId: number | null;
}

/** The `pg_dist_partition` read behind {@link readCitusTable} and the doctor's listing. */
export const CITUS_TABLES_SQL =
  `SELECT c.relname::text AS name, CASE WHEN p.partmethod = 'h' THEN 'distributed' WHEN p.repmodel = 't' THEN 'reference' ` +
  `WHEN p.partmethod = 'n' THEN 'single-shard' ELSE 'local' END AS kind, ` +
  `CASE WHEN p.partmethod = 'h' THEN column_to_column_name(p.logicalrelid, p.partkey) END AS column, p.colocationid AS colocation ` +
  `FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid JOIN pg_namespace n ON n.oid = c.relnamespace`;

/** Builds a {@link CitusTable} from a row of {@link CITUS_TABLES_SQL} (none: a local table). */
export const citusTableOf = (row: Record<string, unknown> | undefined): CitusTable =>
  row
    ? { kind: row.kind as CitusTable['kind'], column: row.column == null ? null : String(row.column), colocationId: row.colocation == null ? null : Number(row.colocation) }
    : { kind: 'local', column: null, colocationId: null };

/**
 * How Citus holds the table of `metadata` (`local` on a database without Citus).
 *
 * @example
 * (await readCitusTable(queryRunner ?? dataSource, metadata)).column; // 'tenant_id'
 */
export async function readCitusTable(source: CatalogSource, metadata: EntityMetadata): Promise<CitusTable> {
  if (!(await isCitus(source))) return citusTableOf(undefined);
  const name = metadata.schema ? `${q(metadata.schema)}.${q(metadata.tableName)}` : q(metadata.tableName);
  const rows = await catalogQuery(source, `${CITUS_TABLES_SQL} WHERE p.logicalrelid = to_regclass($1)`, [name]);
  return citusTableOf(rows[0]);
}

const known = new WeakMap<DataSource, Map<string, Promise<boolean>>>();

/**
 * Whether the table of `metadata` is distributed by `column` on Citus (so Citus makes every
 * primary and unique key contain it: a row is identified by tenant and id, and another tenant's
 * row with the same id is a different row, on another shard). Read once per DataSource and table
 * (restart the application after distributing a table); `false` on every other database and when
 * the read fails (the caller then keeps its single-server behaviour, which is the safe one).
 *
 * @example
 * if (await distributedByColumn(ds, queryRunner, metadata, 'tenant_id')) return; // nothing to look up across shards
 */
export function distributedByColumn(dataSource: DataSource, runner: QueryRunner | undefined, metadata: EntityMetadata, column: string): Promise<boolean> {
  if (dataSource.driver.options.type !== 'postgres') return Promise.resolve(false);
  let tables = known.get(dataSource);
  if (!tables) known.set(dataSource, (tables = new Map()));
  const key = `${metadata.schema ?? ''}.${metadata.tableName}`;
  let answer = tables.get(key);
  if (!answer) {
    answer = readCitusTable(runner && !runner.isReleased ? runner : dataSource, metadata).then(
      (table) => table.kind === 'distributed' && table.column === column,
      () => {
        tables!.delete(key);
        return false;
      },
    );
    tables.set(key, answer);
  }
  return answer;
}
