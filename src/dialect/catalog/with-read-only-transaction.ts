import type { DataSource, QueryRunner } from 'typeorm';
import { familyOf } from './catalog-source';

/**
 * Runs `fn` on one connection inside a READ ONLY transaction that is always rolled back: the
 * database itself refuses any write, and session settings made with `SET LOCAL`/`set_config(…, true)`
 * end with it. One connection also suits PGlite, which serves a single session.
 *
 * @example
 * const n = await withReadOnlyTransaction(dataSource, async (runner) => (await runner.query('SELECT 1 AS n'))[0].n);
 */
export async function withReadOnlyTransaction<T>(dataSource: DataSource, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    // MySQL family: SET TRANSACTION applies to the next transaction; PostgreSQL: to the current one.
    if (familyOf(dataSource) === 'mysql') await runner.query('SET TRANSACTION READ ONLY');
    await runner.startTransaction();
    if (familyOf(dataSource) === 'postgres') await runner.query('SET TRANSACTION READ ONLY');
    return await fn(runner);
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
