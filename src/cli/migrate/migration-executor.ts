import { MigrationExecutor, type DataSource, type Migration, type QueryRunner } from 'typeorm';

/**
 * TypeORM's transaction modes for migrations.
 *
 * @example
 * const mode: TransactionMode = dataSource.options.migrationsTransactionMode ?? 'each';
 */
export type TransactionMode = 'all' | 'each' | 'none';

/**
 * The transaction mode `migrate`, `revert` and `rehearse` run with: the DataSource's
 * `migrationsTransactionMode`, else `each` (as `npm start`: every migration commits on its own, so
 * a failure keeps the ones before it, and the progress shown is what is committed).
 *
 * @example
 * transactionModeOf(dataSource); // 'each'
 */
export const transactionModeOf = (dataSource: DataSource): TransactionMode => dataSource.options.migrationsTransactionMode ?? 'each';

/**
 * TypeORM's own migration executor, with the two protected steps the commands need opened up:
 * every migration of the source (sorted as TypeORM sorts them) and the bookkeeping it does before
 * running any (`migrations` table, `typeorm_metadata` when the entities need it).
 *
 * @example
 * const executor = new TenancyMigrationExecutor(dataSource, queryRunner, 'each');
 * const pending = await executor.getPendingMigrations();
 */
export class TenancyMigrationExecutor extends MigrationExecutor {
  constructor(dataSource: DataSource, queryRunner: QueryRunner, mode: TransactionMode) {
    super(dataSource, queryRunner);
    this.transaction = mode;
  }

  /** Every migration of the DataSource, by timestamp, with its instance. */
  sourceMigrations(): Migration[] {
    return this.getMigrations();
  }

  /** What TypeORM creates before the first migration runs, on this executor's runner. */
  async prepareBookkeeping(queryRunner: QueryRunner): Promise<void> {
    await this.createMigrationsTableIfNotExist(queryRunner);
    const builder = this.dataSource.driver.createSchemaBuilder() as { createMetadataTableIfNecessary?: (qr: QueryRunner) => Promise<void> };
    await builder.createMetadataTableIfNecessary?.(queryRunner);
  }
}

/**
 * The migrations a revert would undo, newest first: the last `steps` executed ones, or every one
 * executed after `to` (`to` itself stays applied, TypeORM's convention). Nothing is reverted when
 * the request cannot be met: the answer is then the reason, a usage error (exit 2).
 *
 * @param executed names of the executed migrations, newest first (TypeORM orders them by id)
 * @example
 * selectReverts(['C', 'B', 'A'], { to: 'A' });  // ['C', 'B']
 * selectReverts(['C', 'B', 'A'], { steps: 5 }); // 'only 3 migrations are executed; --steps 5 is more'
 */
export function selectReverts(executed: readonly string[], request: { steps?: number; to?: string }): string[] | string {
  if (request.to !== undefined) {
    const index = executed.indexOf(request.to);
    if (index < 0) return `no executed migration is named ${request.to} (executed, newest first: ${executed.slice(0, 5).join(', ') || 'none'}${executed.length > 5 ? ', …' : ''})`;
    return executed.slice(0, index);
  }
  const steps = request.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) return `--steps needs a whole number of at least 1, not ${steps}`;
  if (steps > executed.length) return `only ${executed.length} migration${executed.length === 1 ? ' is' : 's are'} executed; --steps ${steps} is more`;
  return executed.slice(0, steps);
}
