import type { QueryRunner } from 'typeorm';
import { detectCitusProfile } from '../dialect/citus/citus-profile';
import { dialectOf } from '../dialect/dialect-of';
import { probeTableRows, type IgnoredRows, type ProbedTable } from '../dialect/probe-table-rows';
import { TableHoldsRowsError } from '../errors/table-holds-rows-error';
import { TableRowsUncountableError } from '../errors/table-rows-uncountable-error';
import { inTransaction } from './in-transaction';

export type { IgnoredRows, ProbedTable } from '../dialect/probe-table-rows';

/**
 * Environment variable that lets reverts drop tables holding rows: set it to `1` (or `true`) for
 * one run. It exists because `typeorm migration:revert` calls the bundled `down()`s with no options.
 *
 * @example
 * // TYPEORM_TENANCY_ALLOW_DROP_WITH_ROWS=1 npm run typeorm -- migration:revert -d ormconfig.ts
 * process.env[ALLOW_DROP_WITH_ROWS_ENV] = '1';
 */
export const ALLOW_DROP_WITH_ROWS_ENV = 'TYPEORM_TENANCY_ALLOW_DROP_WITH_ROWS';

/**
 * Options of {@link dropTable} and {@link assertDropAllowed}.
 *
 * @example
 * await dropTable(queryRunner, 'currencies', { seeded: { column: 'code', values: ['CHF', 'EUR'] } });
 */
export interface DropTableOptions {
  /**
   * Drop the table even if it holds rows (they are lost). Default: the environment variable
   * {@link ALLOW_DROP_WITH_ROWS_ENV}; an explicit `false` refuses even when it is set.
   */
  allowDropWithRows?: boolean;
  /** Rows the migration inserted itself (its seed), by a unique column: they do not count as rows to keep. */
  seeded?: IgnoredRows;
}

/**
 * Whether drops of tables with rows are allowed: the option if given, else the environment variable.
 *
 * @example
 * dropWithRowsAllowed({}); // true while TYPEORM_TENANCY_ALLOW_DROP_WITH_ROWS=1
 */
export function dropWithRowsAllowed(options: DropTableOptions = {}): boolean {
  return options.allowDropWithRows ?? /^(1|true)$/i.test(process.env[ALLOW_DROP_WITH_ROWS_ENV]?.trim() ?? '');
}

/**
 * Runs `fn` inside the runner's transaction, or inside one of its own when none is open (a
 * migration run with `transaction: 'none'`), committed when `fn` succeeds and rolled back when it
 * throws: the guard's lock and RLS switch (PostgreSQL) then end with it. On Citus it first makes
 * the transaction use one connection per worker.
 *
 * @example
 * await inDropTransaction(queryRunner, async () => { await assertDropAllowed(queryRunner, { name: 'notes' }); … });
 */
export async function inDropTransaction<T>(queryRunner: QueryRunner, fn: () => Promise<T>): Promise<T> {
  await detectCitusProfile(queryRunner);
  const placement = dialectOf(queryRunner.connection).placement;
  return inTransaction(queryRunner, async () => {
    // Citus: the lock, the RLS switch, the count and the drop over one connection per worker (in
    // parallel they deadlock with each other, measured).
    if (placement) await queryRunner.query(placement.sequentialShards);
    return fn();
  });
}

/**
 * Refuses, with a typed error, the drop of a table that holds rows, unless allowed (option or
 * environment variable): {@link TableHoldsRowsError} (`TABLE_HOLDS_ROWS`) when it holds rows,
 * {@link TableRowsUncountableError} (`TABLE_ROWS_UNCOUNTABLE`) when the connecting role cannot
 * see every row. Rows are counted with system access (see `probeTableRows`), so forced row-level
 * security cannot make a full table look empty. Call it inside a transaction
 * ({@link inDropTransaction}); for your own `down()` that drops something else than a plain table.
 *
 * @example
 * await inDropTransaction(queryRunner, async () => {
 *   await assertDropAllowed(queryRunner, { schema: 'archive', name: 'events' });
 *   await queryRunner.query('DROP SCHEMA archive CASCADE');
 * });
 */
export async function assertDropAllowed(queryRunner: QueryRunner, table: ProbedTable, options: DropTableOptions = {}): Promise<void> {
  if (dropWithRowsAllowed(options)) return;
  const shown = table.schema ? `${table.schema}.${table.name}` : table.name;
  const probe = await probeTableRows(queryRunner, table, options.seeded);
  if ('uncountableAs' in probe) throw new TableRowsUncountableError(shown, probe.uncountableAs, ALLOW_DROP_WITH_ROWS_ENV);
  if (probe.rows > 0) throw new TableHoldsRowsError(shown, probe.rows, probe.atLeast, ALLOW_DROP_WITH_ROWS_ENV, Boolean(options.seeded));
}

/**
 * Drops a table created by `createTable` or `createTenantTable`, only when it holds no rows
 * (counted past row-level security) or when allowed: `{ allowDropWithRows: true }` or the
 * environment variable {@link ALLOW_DROP_WITH_ROWS_ENV}. Otherwise it throws
 * `TableHoldsRowsError` / `TableRowsUncountableError` and drops nothing. Every bundled `down()`
 * uses it. Works inside TypeORM's migration transaction (`all`, `each`) and without one (`none`:
 * it opens its own for the check and the drop).
 *
 * @example
 * async down(queryRunner: QueryRunner) {
 *   await dropTable(queryRunner, 'notes');                               // refused while notes has rows
 *   await dropTable(queryRunner, 'drafts', { allowDropWithRows: true });  // drafts are disposable
 * }
 */
export async function dropTable(queryRunner: QueryRunner, name: string, options: DropTableOptions = {}): Promise<void> {
  const drop = `DROP TABLE ${dialectOf(queryRunner.connection).quote(name)}`;
  if (dropWithRowsAllowed(options)) {
    await queryRunner.query(drop);
    return;
  }
  await inDropTransaction(queryRunner, async () => {
    await assertDropAllowed(queryRunner, { name }, options);
    await queryRunner.query(drop);
  });
}
