import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, str, type CatalogSource } from './catalog-source';
import type { ColumnInfo } from './catalog-types';

const order = byKey((c: ColumnInfo) => `${c.table}\0${String(c.position).padStart(4, '0')}`);

/**
 * Columns of every base table of the current schema/database, sorted by table and position.
 *
 * @example
 * const cols = await listColumns(dataSource);
 * cols.find((c) => c.table === 'notes' && c.name === 'tenant_id')?.nullable; // false
 */
export async function listColumns(source: CatalogSource): Promise<ColumnInfo[]> {
  if (familyOf(source) === 'postgres') {
    const rows = await catalogQuery(
      source,
      `SELECT c.relname AS table, a.attname AS name, a.attnum AS position, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
              CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
              col_description(c.oid, a.attnum) AS comment
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE ${PG_CURRENT_SCHEMA} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    return rows
      .map((r) => ({
        table: String(r.table),
        name: String(r.name),
        position: Number(r.position),
        type: String(r.type),
        nullable: Boolean(r.nullable),
        default: str(r.default),
        generated: str(r.generated),
        comment: str(r.comment),
        collation: null,
      }))
      .sort(order);
  }
  const rows = await catalogQuery(
    source,
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, ORDINAL_POSITION AS position, COLUMN_TYPE AS type,
            IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, GENERATION_EXPRESSION AS generated,
            COLUMN_COMMENT AS comment, COLLATION_NAME AS collation
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
  );
  return rows
    .map((r) => {
      const generated = str(r.generated) || null;
      const extra = str(r.extra) ?? '';
      return {
        table: String(r.tbl),
        name: String(r.name),
        position: Number(r.position),
        type: String(r.type),
        nullable: r.nullable === 'YES',
        // ON UPDATE is part of what the column does; keep it with the default.
        default: generated ? null : [str(r.dflt), /on update/i.test(extra) ? extra.replace(/^.*?(on update)/i, '$1') : ''].filter(Boolean).join(' ') || null,
        generated,
        comment: str(r.comment) || null,
        collation: str(r.collation),
      };
    })
    .sort(order);
}
