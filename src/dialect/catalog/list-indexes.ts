import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, str, type CatalogSource } from './catalog-source';
import type { IndexInfo } from './catalog-types';

const order = byKey((i: IndexInfo) => `${i.table}\0${i.name}`);

/**
 * Indexes of the current schema/database (unique constraints and primary keys included), sorted by
 * table and name. MySQL-family prefix lengths show as `col(n)`.
 *
 * @example
 * (await listIndexes(dataSource)).filter((i) => i.table === 'notes' && i.columns[0] === 'tenant_id');
 */
export async function listIndexes(source: CatalogSource): Promise<IndexInfo[]> {
  if (familyOf(source) === 'postgres') {
    const rows = await catalogQuery(
      source,
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, ix.indisvalid AS valid,
              ix.indnkeyatts AS nkey, am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
              pg_get_indexdef(ix.indexrelid) AS definition,
              ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
       WHERE ${PG_CURRENT_SCHEMA}`,
    );
    return rows
      .map((r) => {
        const all = r.columns as Array<string | null>;
        const nkey = Number(r.nkey);
        return {
          table: String(r.table),
          name: String(r.name),
          unique: Boolean(r.unique),
          primary: Boolean(r.primary),
          columns: all.slice(0, nkey),
          include: all.slice(nkey) as string[],
          predicate: str(r.predicate),
          method: String(r.method),
          definition: String(r.definition),
          valid: Boolean(r.valid),
        };
      })
      .sort(order);
  }
  const rows = await catalogQuery(
    source,
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
            COLUMN_NAME AS col, INDEX_TYPE AS method, SUB_PART AS sub_part
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const map = new Map<string, IndexInfo>();
  for (const r of rows) {
    const key = `${r.tbl}\0${r.name}`;
    let index = map.get(key);
    if (!index) {
      index = {
        table: String(r.tbl),
        name: String(r.name),
        unique: Number(r.non_unique) === 0,
        primary: r.name === 'PRIMARY',
        columns: [],
        include: [],
        predicate: null,
        method: String(r.method).toLowerCase(),
        definition: '',
        valid: true,
      };
      map.set(key, index);
    }
    index.columns.push(r.sub_part === null || r.sub_part === undefined ? str(r.col) : `${r.col}(${r.sub_part})`);
  }
  return [...map.values()].sort(order);
}
