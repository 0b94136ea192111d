import type { IndexInfo } from './catalog-types';

/** What an index is besides its key columns: its method, INCLUDE columns and whether it is partial. */
export interface IndexKind {
  /** `btree`, `gin` (PostgreSQL full-text), `fulltext` (MySQL family), … (lower case, as `IndexInfo.method`). */
  method: string;
  /** PostgreSQL INCLUDE columns; always [] on the MySQL family (a covering index there is a wider key). */
  include: string[];
  /** Has a WHERE predicate (PostgreSQL); the MySQL family has no partial indexes. */
  partial: boolean;
}

const unquote = (identifier: string) => identifier.trim().replace(/^["`]|["`]$/g, '');

/**
 * The kind of index a `CREATE INDEX` statement of the dialects makes (`IndexShape.sql`):
 * PostgreSQL `USING GIN` → `gin`, the MySQL family's `CREATE FULLTEXT INDEX` → `fulltext`, else
 * `btree`; its `INCLUDE (…)` columns; whether it has a `WHERE`.
 *
 * @example
 * indexKindOf('CREATE INDEX "i" ON "t" ("a") INCLUDE ("id", "title")'); // { method: 'btree', include: ['id', 'title'], partial: false }
 * indexKindOf('CREATE FULLTEXT INDEX `ft` ON `t` (`title`)').method; // 'fulltext'
 */
export function indexKindOf(sql: string): IndexKind {
  const method = /\bUSING\s+(\w+)/i.exec(sql)?.[1].toLowerCase() ?? (/^CREATE\s+FULLTEXT\b/i.test(sql) ? 'fulltext' : /^CREATE\s+SPATIAL\b/i.test(sql) ? 'spatial' : 'btree');
  const include = /\bINCLUDE\s*\(([^)]*)\)/i.exec(sql)?.[1].split(',').map(unquote) ?? [];
  return { method, include, partial: /\)\s*WHERE\s/i.test(sql) };
}

/**
 * The kind of a live index, to compare with {@link indexKindOf} of the expected one.
 *
 * @example
 * liveIndexKind(info); // { method: 'btree', include: [], partial: true }
 */
export const liveIndexKind = (index: IndexInfo): IndexKind => ({ method: index.method, include: index.include, partial: index.predicate !== null });

/**
 * An index kind for people: `full-text (gin)`, `INCLUDE (id, title)`, `partial`, or `b-tree`.
 *
 * @example
 * describeIndexKind({ method: 'btree', include: ['id'], partial: true }); // 'b-tree INCLUDE (id), partial'
 */
export function describeIndexKind(kind: IndexKind): string {
  const method = kind.method === 'btree' ? 'b-tree' : kind.method === 'gin' || kind.method === 'fulltext' ? `full-text (${kind.method})` : kind.method;
  return [`${method}${kind.include.length ? ` INCLUDE (${kind.include.join(', ')})` : ''}`, kind.partial ? 'partial' : ''].filter(Boolean).join(', ');
}
