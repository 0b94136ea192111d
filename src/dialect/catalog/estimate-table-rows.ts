import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, type CatalogSource } from './catalog-source';

/**
 * The planner's row estimate of one base table: `rows` null when the database has none yet.
 *
 * @example
 * const estimate: TableRowEstimate = { table: 'orders', rows: 120_000 };
 */
export interface TableRowEstimate {
  table: string;
  /** Estimated rows; null when unknown (PostgreSQL: never analyzed or vacuumed although it has pages). */
  rows: number | null;
}

/**
 * Row estimates of every base table, read from statistics only (no table is scanned or locked, so
 * it is safe on a production database): PostgreSQL `pg_class.reltuples` (-1 until the first
 * ANALYZE/VACUUM; then a table without pages counts 0 and one with pages is unknown), the MySQL
 * family `information_schema.TABLES.TABLE_ROWS` (InnoDB's estimate). Sorted by table.
 *
 * @example
 * (await estimateTableRows(dataSource)).find((t) => t.table === 'orders')?.rows; // 120000
 */
export async function estimateTableRows(source: CatalogSource): Promise<TableRowEstimate[]> {
  if (familyOf(source) === 'postgres') {
    const rows = await catalogQuery(
      source,
      `SELECT c.relname AS table, c.reltuples AS reltuples, c.relpages AS relpages FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${PG_CURRENT_SCHEMA} AND c.relkind IN ('r', 'p')`,
    );
    return rows
      .map((r) => {
        const tuples = Number(r.reltuples);
        return { table: String(r.table), rows: tuples >= 0 ? Math.round(tuples) : Number(r.relpages) > 0 ? null : 0 };
      })
      .sort(byKey((t) => t.table));
  }
  const rows = await catalogQuery(
    source,
    `SELECT TABLE_NAME AS tbl, TABLE_ROWS AS table_rows FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
  );
  return rows
    .map((r) => ({ table: String(r.tbl), rows: r.table_rows === null || r.table_rows === undefined ? null : Number(r.table_rows) }))
    .sort(byKey((t) => t.table));
}
