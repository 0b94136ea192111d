import { TenancyError } from './tenancy-error';

/**
 * A revert (a migration's `down()`, or `dropTable`) was refused because the connecting role
 * cannot see every row of the table: row-level security applies to it and it is neither the
 * table's owner, a superuser nor a `BYPASSRLS` role, so an empty result would prove nothing. It
 * fails closed: nothing was dropped.
 *
 * @example
 * await dropTable(queryRunner, 'notes'); // as a role under the table's policies: TABLE_ROWS_UNCOUNTABLE
 */
export class TableRowsUncountableError extends TenancyError {
  readonly code = 'TABLE_ROWS_UNCOUNTABLE' as const;

  /**
   * @param table the table that was not dropped
   * @param role the role whose view of the table is filtered by row-level security
   * @param envName the environment variable that allows the drop without looking
   */
  constructor(
    readonly table: string,
    readonly role: string,
    envName: string,
  ) {
    super(
      `Refused to drop table ${table}: row-level security hides rows from role ${role}, which is not the table's ` +
        'owner, a superuser or BYPASSRLS, so it cannot tell whether the table is empty. Nothing was dropped. Run the ' +
        "revert as the role that ran the migrations (the table's owner), or, after exporting the rows you want to " +
        `keep, set ${envName}=1 for this run or call dropTable(queryRunner, '${table}', { allowDropWithRows: true }).`,
    );
  }
}
