import type { QueryRunner } from 'typeorm';
import { dialectOf } from '../dialect/dialect-of';
import { abandonContractSql, contractColumnSql, expandColumnSql, relaxColumnSql } from '../dialect/expand-contract-sql';
import { resolveColumn } from '../schema/column-shape';
import type { ColumnSpec } from '../schema/table-definition';
import { backfillColumn, type BackfillOptions, type BackfillProgress } from './column-backfill';

/**
 * A column of an expand/contract change: the table and the column as it will finally be (its `nullable` is ignored).
 *
 * @example
 * const change: ColumnChange = { table: 'notes', column: { name: 'slug', type: 'varchar(200)' } };
 */
export interface ColumnChange {
  table: string;
  column: ColumnSpec;
}

const definition = (queryRunner: QueryRunner, column: ColumnSpec, nullable: boolean) =>
  resolveColumn(dialectOf(queryRunner.connection), { ...column, nullable }).sql;

/**
 * Expand: adds the column nullable, without rewriting the table (see `expandColumnSql`), so the
 * code of the running release and of the next one both work with it. Step 1 of 3.
 *
 * @example
 * await expandColumn(qr, { table: 'notes', column: { name: 'slug', type: 'varchar(200)', comment: 'URL part' } });
 */
export async function expandColumn(queryRunner: QueryRunner, change: ColumnChange): Promise<void> {
  await queryRunner.query(expandColumnSql(dialectOf(queryRunner.connection), change.table, definition(queryRunner, change.column, true)));
}

/**
 * Contract: makes the backfilled column NOT NULL without a long write lock (PostgreSQL: CHECK NOT
 * VALID, VALIDATE, SET NOT NULL, CHECK dropped; MySQL family: MODIFY … NOT NULL in place with
 * LOCK=NONE; see `contractColumnSql`). Step 3 of 3, typically in the release after the code that
 * writes the column everywhere. A NULL left anywhere fails it (PostgreSQL 23514 at VALIDATE, the
 * NOT VALID CHECK removed again; MySQL family refused by the server) and the column stays
 * nullable: backfill again, then retry. Give the migration `transaction = false` on a large
 * PostgreSQL table, or the first step's ACCESS EXCLUSIVE lock lasts through the validating scan.
 *
 * @example
 * await contractColumn(qr, { table: 'notes', column: { name: 'slug', type: 'varchar(200)', comment: 'URL part' } });
 */
export async function contractColumn(queryRunner: QueryRunner, change: ColumnChange): Promise<void> {
  const d = dialectOf(queryRunner.connection);
  try {
    for (const sql of contractColumnSql(d, change.table, change.column.name, definition(queryRunner, change.column, false))) await queryRunner.query(sql);
  } catch (error) {
    // Inside a transaction the rollback undoes everything; outside one, take the NOT VALID CHECK away.
    if (!queryRunner.isTransactionActive) for (const sql of abandonContractSql(d, change.table, change.column.name)) await queryRunner.query(sql).catch(() => undefined);
    throw error;
  }
}

/**
 * Undoes {@link contractColumn} in a migration's `down()`: the column nullable again (its values kept).
 *
 * @example
 * async down(qr: QueryRunner) { await relaxColumn(qr, { table: 'notes', column: slug }); }
 */
export async function relaxColumn(queryRunner: QueryRunner, change: ColumnChange): Promise<void> {
  const d = dialectOf(queryRunner.connection);
  for (const sql of relaxColumnSql(d, change.table, change.column.name, definition(queryRunner, change.column, true))) await queryRunner.query(sql);
}

/**
 * Options of {@link addColumnWithBackfill}: the column change and its backfill (`value` or `update`, batches, progress).
 *
 * @example
 * const options: AddColumnWithBackfillOptions = { table: 'notes', column: { name: 'slug', type: 'varchar(200)' }, value: 'lower("title")' };
 */
export type AddColumnWithBackfillOptions = ColumnChange & Omit<BackfillOptions, 'table' | 'column'>;

/**
 * Expand, backfill and contract in one go, for a column every row can get from data it already
 * has: {@link expandColumn}, `backfillColumn` (batches by id range, under the wall through
 * `withSystemAccess`, progress per batch), {@link contractColumn}. Across deploys (old code still
 * inserting rows without the column), call the three steps from separate migrations instead:
 * expand and backfill in one release, contract once every writer fills the column.
 *
 * @returns the backfill's last progress.
 * @example
 * export class AddNoteSlugs1767500000000 implements MigrationInterface {
 *   transaction = false as const; // each batch commits on its own; no long locks
 *   async up(qr: QueryRunner) {
 *     await addColumnWithBackfill(qr, { table: 'notes', column: { name: 'slug', type: 'varchar(200)' }, value: 'lower("title")', batchSize: 5000 });
 *   }
 *   async down(qr: QueryRunner) { await qr.dropColumn('notes', 'slug'); }
 * }
 */
export async function addColumnWithBackfill(queryRunner: QueryRunner, options: AddColumnWithBackfillOptions): Promise<BackfillProgress> {
  const { table, column, ...backfill } = options;
  await expandColumn(queryRunner, { table, column });
  const progress = await backfillColumn(queryRunner, { ...backfill, table, column: column.name });
  await contractColumn(queryRunner, { table, column });
  return progress;
}
