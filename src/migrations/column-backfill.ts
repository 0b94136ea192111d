import type { QueryRunner } from 'typeorm';
import { dialectOf } from '../dialect/dialect-of';
import { rowEstimateQuery } from '../dialect/expand-contract-sql';
import { withSystemAccess } from './system-access';

/**
 * One batch's id range, for a custom {@link BackfillOptions.update}: rows with `after < id <= upTo` whose column is still NULL.
 *
 * @example
 * const update = (qr: QueryRunner, r: BackfillRange) => qr.query(`UPDATE notes SET slug = md5(title) WHERE ${r.where}`, r.parameters);
 */
export interface BackfillRange {
  /** Exclusive lower bound (null for the first batch). */
  after: string | null;
  /** Inclusive upper bound: the batch's last id. */
  upTo: string;
  /** The range as a condition, e.g. `"id" > $1 AND "id" <= $2 AND "slug" IS NULL`, to use with `parameters`. */
  where: string;
  parameters: unknown[];
}

/**
 * Where a backfill is, reported after every batch.
 *
 * @example
 * onProgress: (p: BackfillProgress) => console.log(`${p.rows}/${p.estimatedTotal}, resume after ${p.lastId}`)
 */
export interface BackfillProgress {
  table: string;
  column: string;
  /** Batches done (1 after the first). */
  batch: number;
  /** Rows whose range is done (filled now, or found filled already). */
  rows: number;
  /** The catalog's estimate of the table's rows when the backfill started (a count if it had none), never below `rows`. */
  estimatedTotal: number;
  /** Rows this backfill changed so far. */
  updated: number;
  /** The last id done: pass it as `after` to resume. */
  lastId: string;
}

/**
 * Options of {@link backfillColumn}.
 *
 * @example
 * const options: BackfillOptions = { table: 'notes', column: 'slug', value: 'lower("title")', batchSize: 5000 };
 */
export interface BackfillOptions {
  table: string;
  /** The column to fill; rows where it is not NULL are left as they are. */
  column: string;
  /** SQL expression of the new value, over the row's own columns, e.g. `lower("title")`. Either this or `update`. */
  value?: string;
  /** A batch of your own (an UPDATE limited to `range.where`); returns the rows it changed. Either this or `value`. */
  update?: (queryRunner: QueryRunner, range: BackfillRange) => Promise<number | void>;
  /** Rows per batch (by id order). Default 1000. */
  batchSize?: number;
  /** Key column the batches are ranges of: a UUIDv7 (time-ordered) id. Default `id`. */
  key?: string;
  /** Resume after this id (the `lastId` of a backfill that stopped). */
  after?: string;
  /** Called after every batch; default: one `info` line on the DataSource's logger ({@link formatBackfillProgress}). */
  onProgress?: (progress: BackfillProgress) => void;
  /** PostgreSQL system key when no session layer is installed (see withSystemAccess); default `TENANCY_SYSTEM_KEY`. */
  systemKey?: string;
}

/**
 * The progress line the default reporter logs.
 *
 * @example
 * formatBackfillProgress(p); // 'backfill notes.slug: batch 3, 3000/10000 rows (30%), 2990 updated'
 */
export const formatBackfillProgress = (p: BackfillProgress): string =>
  `backfill ${p.table}.${p.column}: batch ${p.batch}, ${p.rows}/${p.estimatedTotal} rows (${p.estimatedTotal ? Math.floor((100 * p.rows) / p.estimatedTotal) : 100}%), ${p.updated} updated`;

/**
 * Fills a column in batches of `batchSize` rows, walking the table in id order: each batch is the
 * next range `(after, upTo]` of ids (UUIDv7 ids are time-ordered, so rows inserted meanwhile land
 * in the last range and are picked up before it ends), updated where the column is still NULL, so
 * running it again, or resuming with `after`, is harmless. Each batch runs in
 * {@link withSystemAccess}: under the PostgreSQL wall it sees every tenant's rows (else
 * SYSTEM_ACCESS_UNAVAILABLE, never a silent 0-row backfill). In a migration with
 * `transaction = false` each batch commits on its own (short row locks, progress survives a
 * failure); inside the migration's transaction all batches commit together. The MySQL family
 * runs the same batches (each autocommitted outside a transaction).
 *
 * @returns the last progress reported (`batch: 0` when the table was empty).
 * @example
 * export class BackfillSlugs1767500000000 implements MigrationInterface {
 *   transaction = false as const;
 *   async up(qr: QueryRunner) {
 *     await backfillColumn(qr, { table: 'notes', column: 'slug', value: 'lower("title")', batchSize: 5000 });
 *   }
 *   async down() {}
 * }
 */
export async function backfillColumn(queryRunner: QueryRunner, options: BackfillOptions): Promise<BackfillProgress> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`backfillColumn: batchSize must be a positive integer, got ${batchSize}`);
  if ((options.value === undefined) === (options.update === undefined)) throw new TypeError('backfillColumn: give exactly one of value (an SQL expression) or update (a function).');
  const d = dialectOf(queryRunner.connection);
  const q = d.quote;
  const p = (i: number) => queryRunner.connection.driver.createParameter(`p${i}`, i);
  const [table, key, column] = [q(options.table), q(options.key ?? 'id'), q(options.column)];
  const access = <T>(fn: () => Promise<T>) => withSystemAccess(queryRunner, fn, { systemKey: options.systemKey, operation: `backfillColumn(${options.table}.${options.column})` });
  const report = options.onProgress ?? ((progress) => queryRunner.connection.logger.log('info', formatBackfillProgress(progress), queryRunner));
  const estimatedTotal = await estimate(queryRunner, options.table, access);
  let progress: BackfillProgress = { table: options.table, column: options.column, batch: 0, rows: 0, estimatedTotal, updated: 0, lastId: options.after ?? '' };
  let after = options.after ?? null;
  for (;;) {
    const done = await access(async () => {
      const ids: Array<{ id: unknown }> = await queryRunner.query(
        `SELECT ${key} AS id FROM ${table}${after === null ? '' : ` WHERE ${key} > ${p(0)}`} ORDER BY ${key} LIMIT ${batchSize}`,
        after === null ? [] : [after],
      );
      if (ids.length === 0) return null;
      const upTo = String(ids[ids.length - 1].id);
      const bounds = after === null ? [upTo] : [after, upTo];
      const where = `${after === null ? '' : `${key} > ${p(0)} AND `}${key} <= ${p(bounds.length - 1)} AND ${column} IS NULL`;
      const changed = options.update
        ? await options.update(queryRunner, { after, upTo, where, parameters: bounds })
        : affected(await queryRunner.query(`UPDATE ${table} SET ${column} = (${options.value}) WHERE ${where}`, bounds, true));
      return { rows: ids.length, upTo, changed: Number(changed ?? 0) };
    });
    if (done === null) return progress;
    const rows = progress.rows + done.rows;
    progress = { ...progress, batch: progress.batch + 1, rows, estimatedTotal: Math.max(estimatedTotal, rows), updated: progress.updated + done.changed, lastId: done.upTo };
    report(progress);
    after = done.upTo;
  }
}

/** Rows an UPDATE changed, from TypeORM's structured result (`affected`; PostgreSQL and the MySQL family alike). */
const affected = (result: unknown): number => Number((result as { affected?: number }).affected ?? 0);

/** The catalog's estimate; a count (past the wall) when it has none (never analyzed: usually a small table). */
async function estimate(queryRunner: QueryRunner, table: string, access: <T>(fn: () => Promise<T>) => Promise<T>): Promise<number> {
  const [sql, parameters] = rowEstimateQuery(dialectOf(queryRunner.connection), table);
  const [row] = (await queryRunner.query(sql, parameters)) as Array<{ n: unknown }>;
  const n = Number(row?.n ?? 0);
  if (n > 0) return n;
  const [{ n: counted }] = await access(() => queryRunner.query(`SELECT COUNT(*) AS n FROM ${dialectOf(queryRunner.connection).quote(table)}`));
  return Number(counted);
}
