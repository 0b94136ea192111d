import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, type CatalogSource } from './catalog-source';
import type { ForeignKeyInfo } from './catalog-types';

const order = byKey((f: ForeignKeyInfo) => `${f.table}\0${f.name}`);
const PG_RULES: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/**
 * Foreign keys of the current schema/database with their columns in key order, sorted by table and name.
 *
 * @example
 * const fks = await listForeignKeys(dataSource);
 * fks.find((f) => f.table === 'notes' && f.refTable === 'tenants')?.onDelete; // 'CASCADE'
 */
export async function listForeignKeys(source: CatalogSource): Promise<ForeignKeyInfo[]> {
  if (familyOf(source) === 'postgres') {
    const cols = (arr: string, rel: string) =>
      `ARRAY(SELECT a.attname FROM unnest(c.${arr}) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.${rel} AND a.attnum = k.attnum ORDER BY k.ord)::text[]`;
    const rows = await catalogQuery(
      source,
      `SELECT t.relname AS table, c.conname AS name, r.relname AS ref_table, c.confdeltype AS on_delete, c.confupdtype AS on_update,
              ${cols('conkey', 'conrelid')} AS columns, ${cols('confkey', 'confrelid')} AS ref_columns,
              pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE ${PG_CURRENT_SCHEMA} AND c.contype = 'f'`,
    );
    return rows
      .map((r) => ({
        table: String(r.table),
        name: String(r.name),
        columns: r.columns as string[],
        refTable: String(r.ref_table),
        refColumns: r.ref_columns as string[],
        onDelete: PG_RULES[String(r.on_delete)],
        onUpdate: PG_RULES[String(r.on_update)],
        definition: String(r.definition),
      }))
      .sort(order);
  }
  const rows = await catalogQuery(
    source,
    `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref_table,
            k.REFERENCED_COLUMN_NAME AS ref_col, r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
     WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  const map = new Map<string, ForeignKeyInfo>();
  for (const r of rows) {
    const key = `${r.tbl}\0${r.name}`;
    let fk = map.get(key);
    if (!fk) {
      fk = {
        table: String(r.tbl),
        name: String(r.name),
        columns: [],
        refTable: String(r.ref_table),
        refColumns: [],
        onDelete: String(r.on_delete),
        onUpdate: String(r.on_update),
        definition: '',
      };
      map.set(key, fk);
    }
    fk.columns.push(String(r.col));
    fk.refColumns.push(String(r.ref_col));
  }
  return [...map.values()].sort(order);
}
