import { ALLOW_DROP_WITH_ROWS_ENV } from '../../src/migrations/drop-table';

/**
 * Runs `fn` with reverts allowed to drop tables that hold rows (the environment variable
 * `TYPEORM_TENANCY_ALLOW_DROP_WITH_ROWS=1`), then restores the variable: for tests that revert a
 * schema they filled on purpose.
 *
 * @example
 * await allowingDropWithRows(async () => { for (const _ of ds.migrations) await ds.undoLastMigration(); });
 */
export async function allowingDropWithRows<T>(fn: () => Promise<T>): Promise<T> {
  const before = process.env[ALLOW_DROP_WITH_ROWS_ENV];
  process.env[ALLOW_DROP_WITH_ROWS_ENV] = '1';
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env[ALLOW_DROP_WITH_ROWS_ENV];
    else process.env[ALLOW_DROP_WITH_ROWS_ENV] = before;
  }
}
