import type { Dialect, IndexForm } from '../dialect/dialect';
import { liveKeyColumn } from './standard-columns';
import type { IndexDefinition, TableDefinition } from './table-definition';

/** An index of a table shape, under its name in this dialect. */
export interface IndexShape {
  name: string;
  /** Key columns in order as the catalog lists them (empty for an expression index). */
  columns: string[];
  unique: boolean;
  /**
   * TypeORM's schema diff compares it as it is (a plain or unique b-tree over `columns`). Full-text,
   * covering and partial indexes have parts TypeORM cannot describe: it is told to leave them alone,
   * and the doctor's drift check compares them instead.
   */
  comparable: boolean;
  /** A dialect's stand-in for a shape it lacks (see {@link IndexForm}). */
  standIn?: boolean;
  sql: string;
}

/**
 * Generic indexes of the design, added to every tenant table whose columns they fit: the tenant's
 * rows in creation order, by status and date, by parent, by title (MySQL family: a 50-character
 * prefix), newest and last modified first, and full-text over title and description unless the
 * table declares a full-text index of its own.
 */
function genericIndexes(def: TableDefinition, tenant: string): IndexDefinition[] {
  const has = (c: string) => def.columns.some((x) => x.name === c) || (def.references ?? []).some((r) => r.column === c);
  const ownFullText = (def.indexes ?? []).some((i) => i.fulltext);
  return [
    { name: 'idx_tenant_primary', columns: [tenant, 'created_at'] },
    ...(has('status') ? [{ name: 'idx_tenant_status_date', columns: [tenant, 'status', 'created_at'] }] : []),
    ...(has('parent_id') ? [{ name: 'idx_tenant_hierarchy', columns: [tenant, 'parent_id'] }] : []),
    ...(has('title') ? [{ name: 'idx_tenant_title', columns: [tenant, 'title'], prefix: { title: 50 } }] : []),
    { name: 'idx_chronological', columns: ['created_at'] },
    { name: 'idx_last_modified', columns: ['updated_at'] },
    ...(has('title') && has('description') && !ownFullText ? [{ name: 'ft_content_search', columns: ['title', 'description'], fulltext: true }] : []),
  ];
}

const plain = (d: Dialect, table: string, name: string, columns: string[], unique = false, prefix: Record<string, number> = {}): IndexShape => ({
  name,
  columns: columns.map((c) => d.catalogKeyPart(c, prefix[c])),
  unique,
  // TypeORM cannot describe a prefix length: it is told to leave such an index alone.
  comparable: Object.keys(prefix).length === 0,
  sql: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${d.quote(name)} ON ${d.quote(table)} (${columns.map((c) => d.keyPart(c, prefix[c])).join(', ')})`,
});

const isPrefixOf = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((c, i) => b[i] === c);

/**
 * Every index of a table definition in one dialect: reference lookups (unless another index leads
 * with the same columns), unique keys (live-only ones over their generated marker), the generic
 * indexes of tenant tables, then the table's own.
 *
 * @example
 * resolveIndexes(mysqlDialect, conferences, 'tenant_id')[0].name; // 'idx_conferences_venue_id'
 */
export function resolveIndexes(d: Dialect, def: TableDefinition, tenant: string | null): IndexShape[] {
  const t = def.name;
  const lookups: IndexShape[] = [];
  const out: IndexShape[] = [];
  for (const ref of def.references ?? []) {
    if (ref.column === 'parent_id') continue; // idx_tenant_hierarchy is this index
    lookups.push(plain(d, t, d.indexName(t, `idx_${t}_${ref.column}`), [tenant!, ref.column]));
  }
  for (const unique of def.uniques ?? []) {
    if (tenant && !unique.columns.includes(tenant)) throw new Error(`Unique key ${unique.name} of ${t} must include ${tenant}.`);
    out.push(plain(d, t, unique.name, unique.whileLive ? [...unique.columns, liveKeyColumn(unique.name)] : unique.columns, true));
  }
  for (const i of [...(tenant ? genericIndexes(def, tenant) : []), ...(def.indexes ?? [])]) {
    const name = d.indexName(t, i.name);
    const form = i.fulltext
      ? d.fullTextIndex(t, name, i.columns, i.language)
      : i.include
        ? d.coveringIndex(t, name, i.columns, i.include)
        : i.where
          ? d.partialIndex(t, name, i.columns, i.where)
          : undefined;
    if (form === null) continue; // not available in this dialect (a language-specific full-text index)
    if (form) {
      out.push({ name, columns: form.columns, unique: false, comparable: false, sql: form.sql, standIn: form.standIn });
    } else {
      out.push(plain(d, t, name, i.columns, false, i.prefix));
    }
  }
  // An index another b-tree index already leads with would only cost writes: a reference's lookup
  // index when a unique key or another index starts with (tenant, reference), and a dialect's
  // stand-in (the MySQL family's partial index) covered the same way.
  const covers = (i: IndexShape, others: IndexShape[]) => others.some((o) => o !== i && !o.standIn && o.comparable && isPrefixOf(i.columns, o.columns));
  return [...lookups.filter((i) => !covers(i, out)), ...out.filter((i) => !i.standIn || !covers(i, out))];
}
