import { TenancyError } from './tenancy-error';

/**
 * A revert (a migration's `down()`, or `dropTable`) was refused because the table still holds
 * rows; nothing was dropped. The rows were looked for with system access, so row-level security
 * could not make a full table look empty. The message says how to go on: export the rows, then
 * delete them, set the environment variable (`typeorm migration:revert` passes no options) or pass
 * the option. It names the table and a row count, never a row or a tenant.
 *
 * @example
 * await dataSource.undoLastMigration(); // TableHoldsRowsError: code 'TABLE_HOLDS_ROWS', table 'tenants', rows 3
 */
export class TableHoldsRowsError extends TenancyError {
  readonly code = 'TABLE_HOLDS_ROWS' as const;

  /**
   * @param table the table that was not dropped, schema-qualified when not in the current schema
   * @param rows how many rows were found; a lower bound when `atLeast` (counting stops early on big tables)
   * @param atLeast `rows` is a lower bound
   * @param envName the environment variable that allows the drop
   * @param seeded the rows its migration seeded were not counted
   */
  constructor(
    readonly table: string,
    readonly rows: number,
    readonly atLeast: boolean,
    envName: string,
    seeded = false,
  ) {
    const count = `${atLeast ? 'at least ' : ''}${rows.toLocaleString('en-US')} row${rows === 1 && !atLeast ? '' : 's'}`;
    super(
      `Refused to drop table ${table}: it holds ${count}${seeded ? ' besides the rows its migration seeded' : ''} ` +
        '(counted with system access, past row-level security). Nothing was dropped. To go on, export the rows ' +
        `you want to keep first (e.g. pg_dump --data-only --table=${table}, or mysqldump <database> ${table}), then ` +
        `delete them and revert again, or let the drop take them: set ${envName}=1 for this run (typeorm ` +
        'migration:revert passes no options to down()), or pass { allowDropWithRows: true } to dropTable() in your own migration.',
    );
  }
}
