import type { QueryRunner } from 'typeorm';
import { dialectOf } from '../dialect/dialect-of';
import { MigrationTransactionError } from '../errors';
import type { IndexDefinition, TableDefinition } from '../schema/table-definition';
import { shapeOf } from '../schema/table-shape';

/**
 * Adds an index to an existing table of `definition` without blocking writes: PostgreSQL
 * `CREATE INDEX CONCURRENTLY`, the MySQL family `ALGORITHM=INPLACE, LOCK=NONE` (full-text:
 * `LOCK=SHARED`). The index is built in the same form `addTenantIndex` writes (name per dialect,
 * full-text, covering, partial, prefix), so the definition your entity reads stays the truth.
 *
 * On PostgreSQL the build cannot run inside a transaction: mark the migration `transaction = false`
 * (else `MigrationTransactionError`, `MIGRATION_TRANSACTION_ACTIVE`, before anything is sent). A
 * failed concurrent build leaves an INVALID index behind; `typeorm-tenancy doctor` reports it
 * (`invalid-indexes`), and dropping it (`DROP INDEX CONCURRENTLY`) lets you retry.
 *
 * @example
 * export class IndexNotesByTitle1767400000000 implements MigrationInterface {
 *   transaction = false as const;
 *   async up(qr: QueryRunner) { await createIndexOnline(qr, notes, { name: 'idx_notes_tenant_title', columns: ['tenant_id', 'title'] }); }
 *   async down(qr: QueryRunner) { await qr.dropIndex('notes', 'idx_notes_tenant_title'); }
 * }
 */
export async function createIndexOnline(queryRunner: QueryRunner, definition: TableDefinition, index: IndexDefinition): Promise<void> {
  const d = dialectOf(queryRunner.connection);
  const name = d.indexName(definition.name, index.name);
  if (d.onlineIndexOutsideTransaction && queryRunner.isTransactionActive) throw new MigrationTransactionError(`createIndexOnline(${name})`);
  const before = new Set(shapeOf(definition, d).indexes.map((i) => i.name));
  const after = shapeOf({ ...definition, indexes: [...(definition.indexes ?? []), index] }, d).indexes;
  for (const added of after.filter((i) => !before.has(i.name))) await queryRunner.query(d.onlineIndex(added.sql));
}

/**
 * Runs `fn` with a lock timeout on this query runner's connection, then restores the previous
 * one: a DDL statement that cannot get its lock within `ms` fails instead of queueing every query
 * behind it. PostgreSQL `lock_timeout` (transaction-local inside a transaction); the MySQL family
 * `lock_wait_timeout` and `innodb_lock_wait_timeout` in whole seconds (at least 1).
 *
 * @example
 * await withLockTimeout(queryRunner, 2_000, () => queryRunner.query('ALTER TABLE notes ADD COLUMN pinned boolean'));
 */
export async function withLockTimeout<T>(queryRunner: QueryRunner, ms: number, fn: () => Promise<T>): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`withLockTimeout: ms must be a positive number of milliseconds, got ${ms}`);
  const d = dialectOf(queryRunner.connection);
  const local = queryRunner.isTransactionActive;
  const [{ value: previous }] = (await queryRunner.query(d.lockTimeout.read)) as Array<{ value: unknown }>;
  for (const [sql, parameters] of d.lockTimeout.set(ms, local)) await queryRunner.query(sql, parameters);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    // Restore if the connection still takes statements (after an error inside a transaction
    // PostgreSQL refuses them until ROLLBACK, which ends the transaction-local setting anyway);
    // the caller gets fn's error either way.
    for (const [sql, parameters] of d.lockTimeout.restore(previous, local)) await queryRunner.query(sql, parameters).catch(() => undefined);
    throw error;
  }
  for (const [sql, parameters] of d.lockTimeout.restore(previous, local)) await queryRunner.query(sql, parameters);
  return result;
}
