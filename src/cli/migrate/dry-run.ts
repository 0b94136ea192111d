import type { DataSource, Migration, QueryRunner } from 'typeorm';
import { TenancyMigrationExecutor, transactionModeOf } from './migration-executor';
import { sourceMigrationsFor } from './run-migrations';
import { recordStatements, type RecordedStatement } from './statement-recorder';

/**
 * How a dry run treated one migration: `rolled-back` (PostgreSQL: every statement ran inside the
 * dry run's transaction, which is rolled back) or `recorded` (writes recorded, not sent; reads
 * ran: the MySQL family, whose DDL commits on its own, and on PostgreSQL a migration the real run
 * runs outside a transaction, such as `transaction = false` for `CREATE INDEX CONCURRENTLY`).
 *
 * @example
 * const how: DryRunHow = dataSource.driver.options.type === 'postgres' ? 'rolled-back' : 'recorded';
 */
export type DryRunHow = 'rolled-back' | 'recorded';

/**
 * One migration of a dry run.
 *
 * @example
 * const [first]: DryRunMigration[] = (await dryRunMigrations(dataSource)).migrations; // { name, how: 'rolled-back', transaction: true, statements: […] }
 */
export interface DryRunMigration {
  name: string;
  how: DryRunHow;
  /** Whether the real run gives it a transaction (TypeORM's mode and the migration's `transaction`). */
  transaction: boolean;
  statements: RecordedStatement[];
  /** It threw: the dry run stopped here (the real run would fail here too, or, where writes were only recorded, it may not). */
  error?: unknown;
}

/**
 * What {@link dryRunMigrations} found.
 *
 * @example
 * const result: DryRunResult = await dryRunMigrations(dataSource);
 */
export interface DryRunResult {
  direction: 'up' | 'down';
  /** Statements TypeORM's bookkeeping would send before the first migration (creating `migrations`, `typeorm_metadata`). */
  bookkeeping: RecordedStatement[];
  migrations: DryRunMigration[];
}

/**
 * Runs `method` of each migration on a recording query runner, the way TypeORM's executor would
 * (same transaction state, same order), without changing the database; see docs/deploying.md.
 * PostgreSQL: one transaction around everything, rolled back at the end; a migration the real run
 * gives no transaction is `recorded` (its writes are not sent, and the runner reports no
 * transaction, as in the real run). MySQL family: every write is recorded and not sent, reads run;
 * `hasTable` answers for tables the unsent statements created or dropped.
 */
async function dryRun(dataSource: DataSource, direction: 'up' | 'down', pick: (executor: TenancyMigrationExecutor) => Promise<Migration[]>): Promise<DryRunResult> {
  const postgres = dataSource.driver.options.type === 'postgres';
  const mode = transactionModeOf(dataSource);
  const queryRunner = dataSource.createQueryRunner();
  const recorder = recordStatements(queryRunner);
  const result: DryRunResult = { direction, bookkeeping: [], migrations: [] };
  const state = queryRunner as QueryRunner & { transactionDepth: number };
  try {
    const executor = new TenancyMigrationExecutor(dataSource, queryRunner, mode);
    const migrations = await pick(executor);
    await queryRunner.startTransaction();
    recorder.keepTransaction = true;
    recorder.mode = postgres ? 'execute' : 'reads-only';
    recorder.bucket = result.bookkeeping;
    if (direction === 'up' && migrations.length) await executor.prepareBookkeeping(queryRunner);
    for (const migration of migrations) {
      // TypeORM's rule: `each` gives every migration a transaction unless it says `transaction = false`;
      // `none` gives none unless it says `transaction = true`; `all` runs them all in one. Its revert
      // ignores the migration's mark; ours (revertMigrations) honours `false`.
      const own = migration.instance!.transaction;
      const transaction = direction === 'down' ? own !== false && mode !== 'none' : mode === 'all' || (own ?? mode === 'each');
      const entry: DryRunMigration = { name: migration.name, how: postgres && transaction ? 'rolled-back' : 'recorded', transaction, statements: [] };
      result.migrations.push(entry);
      recorder.bucket = entry.statements;
      recorder.mode = entry.how === 'rolled-back' ? 'execute' : 'reads-only';
      const saved = { active: state.isTransactionActive, depth: state.transactionDepth };
      if (!transaction) Object.assign(state, { isTransactionActive: false, transactionDepth: 0 });
      try {
        await migration.instance![direction](queryRunner);
      } catch (error) {
        entry.error = error;
        break;
      } finally {
        Object.assign(state, { isTransactionActive: saved.active, transactionDepth: saved.depth });
      }
    }
  } finally {
    recorder.keepTransaction = false;
    recorder.mode = 'execute';
    recorder.bucket = [];
    try {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    } finally {
      recorder.restore();
      await queryRunner.release();
    }
  }
  return result;
}

/**
 * The SQL every pending migration's `up()` would send on this database, without changing it:
 * see {@link DryRunHow} for how each is treated.
 *
 * @example
 * for (const m of (await dryRunMigrations(dataSource)).migrations) console.log(m.name, m.statements.map((s) => s.sql));
 */
export function dryRunMigrations(dataSource: DataSource): Promise<DryRunResult> {
  return dryRun(dataSource, 'up', (executor) => executor.getPendingMigrations());
}

/**
 * The SQL the `down()`s of the named executed migrations (newest first, from `selectReverts`)
 * would send, without changing anything.
 *
 * @example
 * await dryRunReverts(dataSource, ['Phase0904CreatePolicyConfigurations1767225600904']);
 */
export function dryRunReverts(dataSource: DataSource, names: readonly string[]): Promise<DryRunResult> {
  return dryRun(dataSource, 'down', async (executor) => {
    const migrations = sourceMigrationsFor(executor, names);
    if ('missing' in migrations) throw new Error(`cannot revert ${migrations.missing.join(', ')}: not among the DataSource's migrations`);
    return migrations;
  });
}
