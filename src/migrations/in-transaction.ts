import type { QueryRunner } from 'typeorm';

/**
 * Runs `fn` in the query runner's open transaction, or in one started here, committed when `fn`
 * resolves and rolled back when it throws (the error is rethrown as is). The one place the
 * library opens a transaction of its own around work a caller may already have put in one.
 *
 * @example
 * await inTransaction(queryRunner, () => queryRunner.query('UPDATE notes SET views = 0'));
 */
export async function inTransaction<T>(queryRunner: QueryRunner, fn: () => Promise<T>): Promise<T> {
  if (queryRunner.isTransactionActive) return fn();
  await queryRunner.startTransaction();
  try {
    const result = await fn();
    await queryRunner.commitTransaction();
    return result;
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}
