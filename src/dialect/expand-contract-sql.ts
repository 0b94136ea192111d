import type { Dialect } from './dialect';

// The statements of an expand/contract column change (src/migrations/expand-contract.ts) per family.

/** Longest identifier PostgreSQL keeps (63 bytes); MySQL allows 64. */
const MAX_NAME = 63;

/**
 * Name of the temporary CHECK that proves a column holds no NULL before PostgreSQL sets NOT NULL.
 *
 * @example
 * notNullCheckName('notes', 'slug'); // 'chk_notes_slug_not_null'
 */
export const notNullCheckName = (table: string, column: string): string => `chk_${table}_${column}_not_null`.slice(0, MAX_NAME);

/**
 * Adds a column (its whole definition, nullable) without rewriting the table: PostgreSQL adds a
 * nullable column (or one with a constant default) as a catalog change; the MySQL family picks
 * ALGORITHM=INSTANT for it where it can (MySQL 8.0.12+, MariaDB 10.3+).
 *
 * @example
 * expandColumnSql(postgresDialect, 'notes', '"slug" varchar(200) NULL'); // 'ALTER TABLE "notes" ADD COLUMN "slug" varchar(200) NULL'
 */
export const expandColumnSql = (d: Dialect, table: string, columnSql: string): string => `ALTER TABLE ${d.quote(table)} ADD COLUMN ${columnSql}`;

/**
 * Makes a backfilled column NOT NULL without a long write lock.
 *
 * PostgreSQL: a `CHECK (col IS NOT NULL) NOT VALID` (instant, new writes checked from now on),
 * `VALIDATE CONSTRAINT` (scans every row under SHARE UPDATE EXCLUSIVE: reads and writes go on),
 * `SET NOT NULL` (PostgreSQL 12+ skips its own scan given the valid CHECK), then the CHECK dropped.
 * Run each as its own statement outside a transaction, or the first one's lock lasts through the scan.
 *
 * MySQL family: there is no NOT VALID constraint; the honest equivalent is one
 * `MODIFY COLUMN … NOT NULL, ALGORITHM=INPLACE, LOCK=NONE`: an in-place rebuild with concurrent
 * reads and writes (a short exclusive metadata lock at the start and the end). The server refuses
 * it while a NULL remains (strict mode: "Invalid use of NULL value"; not strict: INPLACE refused),
 * so it never fills NULLs silently. `notNullSql` is the column's whole definition, NOT NULL.
 *
 * @example
 * contractColumnSql(postgresDialect, 'notes', 'slug', '"slug" varchar(200) NOT NULL');
 * // ['ALTER TABLE "notes" DROP CONSTRAINT IF EXISTS …, ADD CONSTRAINT … CHECK ("slug" IS NOT NULL) NOT VALID', 'ALTER TABLE "notes" VALIDATE CONSTRAINT …', …]
 */
export function contractColumnSql(d: Dialect, table: string, column: string, notNullSql: string): string[] {
  const t = d.quote(table);
  if (d.family === 'mysql') return [`ALTER TABLE ${t} MODIFY COLUMN ${notNullSql}, ALGORITHM=INPLACE, LOCK=NONE`];
  const check = d.quote(notNullCheckName(table, column));
  return [
    `ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${check}, ADD CONSTRAINT ${check} CHECK (${d.quote(column)} IS NOT NULL) NOT VALID`,
    `ALTER TABLE ${t} VALIDATE CONSTRAINT ${check}`,
    `ALTER TABLE ${t} ALTER COLUMN ${d.quote(column)} SET NOT NULL`,
    `ALTER TABLE ${t} DROP CONSTRAINT ${check}`,
  ];
}

/**
 * Cleans up after a failed {@link contractColumnSql} on PostgreSQL (the NOT VALID CHECK left
 * behind when VALIDATE found a NULL); nothing on the MySQL family, whose one statement is atomic.
 *
 * @example
 * for (const sql of abandonContractSql(postgresDialect, 'notes', 'slug')) await queryRunner.query(sql);
 */
export const abandonContractSql = (d: Dialect, table: string, column: string): string[] =>
  d.family === 'mysql' ? [] : [`ALTER TABLE ${d.quote(table)} DROP CONSTRAINT IF EXISTS ${d.quote(notNullCheckName(table, column))}`];

/**
 * Undoes {@link contractColumnSql} (a migration's `down()`): the column nullable again.
 * `nullableSql` is the column's whole definition, nullable (used by the MySQL family).
 *
 * @example
 * relaxColumnSql(postgresDialect, 'notes', 'slug', '"slug" varchar(200) NULL'); // ['ALTER TABLE "notes" ALTER COLUMN "slug" DROP NOT NULL']
 */
export const relaxColumnSql = (d: Dialect, table: string, column: string, nullableSql: string): string[] =>
  d.family === 'mysql'
    ? [`ALTER TABLE ${d.quote(table)} MODIFY COLUMN ${nullableSql}, ALGORITHM=INPLACE, LOCK=NONE`]
    : [`ALTER TABLE ${d.quote(table)} ALTER COLUMN ${d.quote(column)} DROP NOT NULL`];

/**
 * The catalog's estimate of a table's rows (no scan, no row-level security involved): PostgreSQL
 * `pg_class.reltuples` (-1 before the first ANALYZE), the MySQL family `TABLE_ROWS` (InnoDB's estimate).
 *
 * @example
 * const [sql, parameters] = rowEstimateQuery(d, 'notes'); const [{ n }] = await queryRunner.query(sql, parameters);
 */
export const rowEstimateQuery = (d: Dialect, table: string): [string, unknown[]] =>
  d.family === 'mysql'
    ? ['SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [table]]
    : ['SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass($1)', [d.quote(table)]];
