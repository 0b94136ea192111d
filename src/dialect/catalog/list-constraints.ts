import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, str, type CatalogSource } from './catalog-source';
import type { ConstraintInfo } from './catalog-types';

const order = byKey((c: ConstraintInfo) => `${c.table}\0${c.name}`);

/**
 * Primary keys, unique and check constraints (foreign keys: `listForeignKeys`), sorted by table and name.
 *
 * @example
 * (await listConstraints(dataSource)).filter((c) => c.kind === 'CHECK');
 */
export async function listConstraints(source: CatalogSource): Promise<ConstraintInfo[]> {
  if (familyOf(source) === 'postgres') {
    const rows = await catalogQuery(
      source,
      `SELECT t.relname AS table, c.conname AS name, c.contype AS kind, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE ${PG_CURRENT_SCHEMA} AND c.contype <> 'f'`,
    );
    const kinds: Record<string, string> = { p: 'PRIMARY KEY', u: 'UNIQUE', c: 'CHECK', x: 'EXCLUDE' };
    return rows
      .map((r) => ({ table: String(r.table), name: String(r.name), kind: kinds[String(r.kind)] ?? String(r.kind), definition: String(r.definition) }))
      .sort(order);
  }
  const rows = await catalogQuery(
    source,
    `SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, tc.CONSTRAINT_TYPE AS kind, cc.CHECK_CLAUSE AS definition
     FROM information_schema.TABLE_CONSTRAINTS tc
     LEFT JOIN information_schema.CHECK_CONSTRAINTS cc
       ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND cc.TABLE_NAME = tc.TABLE_NAME
     WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE <> 'FOREIGN KEY'`,
  );
  return rows
    .map((r) => ({ table: String(r.tbl), name: String(r.name), kind: String(r.kind), definition: str(r.definition) ?? '' }))
    .sort(order);
}
