import type { DataSource, Migration, MigrationInterface, QueryRunner } from 'typeorm';
import { startMemorySampler, type MemoryDelta } from './memory-sampler';
import { TenancyMigrationExecutor, transactionModeOf } from './migration-executor';
import { recordStatements, type RecordedStatement, type StatementRecorder } from './statement-recorder';

/**
 * One migration run (or reverted): how long its `up()` / `down()` took and how much memory grew.
 *
 * @example
 * const [run]: MigrationRun[] = (await runPendingMigrations(dataSource)).migrations; // { name, ms: 14.2, rssDelta: 131072, heapDelta: 356000 }
 */
export interface MigrationRun extends MemoryDelta {
  name: string;
  ms: number;
  /** The statements it sent, when recording was asked for. */
  statements?: RecordedStatement[];
}

/**
 * Told before and after each migration (the progress display).
 *
 * @example
 * const progress: MigrationProgress = { done: (run) => console.log(run.name, run.ms) };
 */
export interface MigrationProgress {
  start?(index: number, total: number, name: string): void;
  done?(run: MigrationRun, index: number, total: number): void;
}

/**
 * What a run of pending migrations (or a revert) did.
 *
 * @example
 * const { migrations, total, failed }: MigrationsResult = await runPendingMigrations(dataSource);
 */
export interface MigrationsResult {
  /** The migrations that completed, in the order they ran. */
  migrations: MigrationRun[];
  /** The whole command: wall time including transactions and bookkeeping, peak memory growth. */
  total: MemoryDelta & { ms: number };
  /** The migration that threw, and its error; the ones in `migrations` stay applied unless the mode is `all`. */
  failed?: { name: string; error: unknown };
}

/**
 * Options of {@link runPendingMigrations} and {@link revertMigrations}.
 *
 * @example
 * await runPendingMigrations(dataSource, { record: true } satisfies RunOptions);
 */
export interface RunOptions {
  progress?: MigrationProgress;
  /** Record every statement each migration sends (for comparing with a dry run). */
  record?: boolean;
}

/**
 * Wraps `method` of each migration's instance to time it, sample memory and collect its statements,
 * for as long as `fn` runs; the instances are the DataSource's own, which TypeORM's executor calls.
 */
async function instrumented(
  migrations: Migration[],
  method: 'up' | 'down',
  recorder: StatementRecorder | undefined,
  options: RunOptions,
  fn: () => Promise<void>,
): Promise<MigrationsResult> {
  const runs: MigrationRun[] = [];
  let current: string | undefined;
  const originals = migrations.map((m) => [m.instance!, m.instance![method]] as const);
  migrations.forEach((migration, index) => {
    const instance = migration.instance as MigrationInterface;
    const original = instance[method];
    instance[method] = async (queryRunner: QueryRunner) => {
      current = migration.name;
      options.progress?.start?.(index, migrations.length, migration.name);
      const statements: RecordedStatement[] = [];
      if (recorder) recorder.bucket = statements;
      const sampler = startMemorySampler();
      const began = performance.now();
      let memory: MemoryDelta;
      try {
        await original.call(instance, queryRunner);
      } finally {
        memory = sampler.stop(); // also when it threw: the sampler's timer ends with the migration
        if (recorder) recorder.bucket = [];
      }
      const run: MigrationRun = { name: migration.name, ms: performance.now() - began, ...memory, ...(recorder ? { statements } : {}) };
      runs.push(run);
      current = undefined;
      options.progress?.done?.(run, index, migrations.length);
    };
  });
  const total = startMemorySampler();
  const began = performance.now();
  let failed: MigrationsResult['failed'];
  try {
    await fn();
  } catch (error) {
    failed = { name: current ?? '(TypeORM bookkeeping)', error };
  } finally {
    for (const [instance, original] of originals) instance[method] = original;
  }
  return { migrations: runs, total: { ms: performance.now() - began, ...total.stop() }, ...(failed ? { failed } : {}) };
}

/**
 * Runs every pending migration of an initialized DataSource with TypeORM's own executor (the
 * DataSource's `migrationsTransactionMode`, default `each`), timing each and sampling memory. A
 * failing migration is reported in `failed`, not thrown (TypeORM rolled its transaction back).
 *
 * @example
 * const { migrations, total } = await runPendingMigrations(dataSource);
 */
export async function runPendingMigrations(dataSource: DataSource, options: RunOptions = {}): Promise<MigrationsResult> {
  const queryRunner = dataSource.createQueryRunner();
  const recorder = options.record ? recordStatements(queryRunner) : undefined;
  try {
    const executor = new TenancyMigrationExecutor(dataSource, queryRunner, transactionModeOf(dataSource));
    const pending = await executor.getPendingMigrations();
    return await instrumented(pending, 'up', recorder, options, async () => {
      await executor.executePendingMigrations();
    });
  } finally {
    recorder?.restore();
    await queryRunner.release();
  }
}

/**
 * Names of the executed migrations, newest first (as TypeORM reverts them).
 *
 * @example
 * await executedMigrationNames(dataSource); // ['Phase0904CreatePolicyConfigurations1767225600904', …]
 */
export async function executedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    return (await new TenancyMigrationExecutor(dataSource, queryRunner, 'each').getExecutedMigrations()).map((m) => m.name);
  } finally {
    await queryRunner.release();
  }
}

/**
 * Names of the pending migrations, oldest first (as they run).
 *
 * @example
 * await pendingMigrationNames(dataSource); // ['CreateNotes1800000000000']
 */
export async function pendingMigrationNames(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    return (await new TenancyMigrationExecutor(dataSource, queryRunner, transactionModeOf(dataSource)).getPendingMigrations()).map((m) => m.name);
  } finally {
    await queryRunner.release();
  }
}

/**
 * The source migrations for `names` (newest first), or the names the source lacks (TypeORM
 * cannot revert a migration whose class is not in the DataSource).
 *
 * @example
 * sourceMigrationsFor(executor, ['Gone1700000000000']); // { missing: ['Gone1700000000000'] }
 */
export function sourceMigrationsFor(executor: TenancyMigrationExecutor, names: readonly string[]): Migration[] | { missing: string[] } {
  const byName = new Map(executor.sourceMigrations().map((m) => [m.name, m]));
  const missing = names.filter((n) => !byName.has(n));
  return missing.length ? { missing } : names.map((n) => byName.get(n)!);
}

/**
 * Reverts the named executed migrations, newest first (choose them with `selectReverts`), one
 * `undoLastMigration` of TypeORM's executor each: its `down()` in a transaction of its own, or
 * none for a migration marked `transaction = false` (TypeORM's revert ignores that mark; a
 * `DROP INDEX CONCURRENTLY` needs it). Stops at the first failure (`failed`; for a bundled
 * `down()` refusing a table with rows, a `TableHoldsRowsError`), keeping the ones reverted before.
 *
 * @example
 * await revertMigrations(dataSource, selectReverts(await executedMigrationNames(dataSource), { steps: 2 }) as string[]);
 */
export async function revertMigrations(dataSource: DataSource, names: readonly string[], options: RunOptions = {}): Promise<MigrationsResult> {
  const queryRunner = dataSource.createQueryRunner();
  const recorder = options.record ? recordStatements(queryRunner) : undefined;
  const mode = transactionModeOf(dataSource);
  try {
    const executor = new TenancyMigrationExecutor(dataSource, queryRunner, mode);
    const migrations = sourceMigrationsFor(executor, names);
    if ('missing' in migrations) throw new Error(`cannot revert ${migrations.missing.join(', ')}: not among the DataSource's migrations`);
    return await instrumented(migrations, 'down', recorder, options, async () => {
      for (const migration of migrations) {
        const own = migration.instance?.transaction === false || mode === 'none' ? 'none' : 'each';
        await new TenancyMigrationExecutor(dataSource, queryRunner, own).undoLastMigration();
      }
    });
  } finally {
    recorder?.restore();
    await queryRunner.release();
  }
}
