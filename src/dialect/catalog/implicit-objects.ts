import type { CatalogFamily } from './catalog-source';
import type { ConstraintInfo, ForeignKeyInfo, IndexInfo } from './catalog-types';

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** MySQL-family prefix indexes list `col(n)`. */
const bare = (column: string | null) => (column === null ? null : column.replace(/\(\d+\)$/, ''));

/**
 * Whether the family makes every foreign key keep an index whose leading columns are the key's
 * columns in order: InnoDB does (it creates one, named after the key, when there is none, and
 * refuses to drop the last one); PostgreSQL does not.
 *
 * @example
 * foreignKeysNeedIndex('mysql'); // true
 */
export const foreignKeysNeedIndex = (family: CatalogFamily): boolean => family === 'mysql';

/**
 * Whether `index` leads with the columns of `fk` in order (so it can serve that foreign key).
 *
 * @example
 * leadsWithKey({ columns: ['venue_id', 'tenant_id'], …}, { columns: ['venue_id'], … }); // true
 */
export function leadsWithKey(index: Pick<IndexInfo, 'columns'>, fk: Pick<ForeignKeyInfo, 'columns'>): boolean {
  return fk.columns.length <= index.columns.length && fk.columns.every((c, i) => bare(index.columns[i]) === c);
}

/**
 * An index the database made by itself rather than a migration: on the MySQL family, the index
 * InnoDB creates for a foreign key that no index leads with (named after the key, over exactly its
 * columns). Such an index is part of the expected schema wherever the foreign key is.
 *
 * @example
 * isImplicitIndex('mysql', { name: 'fk_conferences_venue_id', columns: ['venue_id'], … }, fks); // true
 */
export function isImplicitIndex(family: CatalogFamily, index: IndexInfo, foreignKeys: readonly Pick<ForeignKeyInfo, 'name' | 'columns'>[]): boolean {
  if (!foreignKeysNeedIndex(family) || index.unique) return false;
  return foreignKeys.some((f) => f.name === index.name && same(f.columns, index.columns));
}

/**
 * A CHECK constraint the database made by itself: MariaDB gives every JSON column a column-level
 * `json_valid(col)` check named after the column (its JSON is LONGTEXT underneath).
 *
 * @example
 * isImplicitCheck('mysql', { name: 'settings', kind: 'CHECK', definition: 'json_valid(`settings`)', … }); // true
 */
export function isImplicitCheck(family: CatalogFamily, constraint: ConstraintInfo): boolean {
  if (family !== 'mysql' || constraint.kind !== 'CHECK') return false;
  const m = /^json_valid\(`([^`]+)`\)$/.exec(constraint.definition.trim());
  return m !== null && m[1] === constraint.name;
}
