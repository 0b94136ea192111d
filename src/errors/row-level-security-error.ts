import { TenancyError } from './tenancy-error';

/**
 * PostgreSQL's row-level-security policy refused a write: the new row names another tenant than
 * the one the connection carries (or there is no tenant). Raised for raw SQL, which the query-scope
 * layer does not see; the database wrote nothing. TypeORM wraps it in a `QueryFailedError` that
 * carries this error as `driverError` and its `code`.
 *
 * @example
 * await withTenant(a, () => ds.query('INSERT INTO notes (id, tenant_id, title) VALUES ($1, $2, $3)', [id, b, 'x']));
 * // → QueryFailedError: code 'TENANT_POLICY_VIOLATION', driverError instanceof RowLevelSecurityError
 */
export class RowLevelSecurityError extends TenancyError {
  readonly code = 'TENANT_POLICY_VIOLATION' as const;
  /** SQLSTATE the database reported. */
  readonly sqlState = '42501';

  /** Diagnostic, non-enumerable (like the standard `Error.cause`): the driver's original error. */
  declare readonly cause: unknown;

  constructor(
    /** The table whose policy refused the row, when the database named it. */
    readonly table: string | undefined,
    cause: unknown,
  ) {
    super(
      `The database refused a row of ${table ?? 'a tenant table'} that does not belong to the current tenant ` +
        '(row-level security policy tenant_isolation; nothing was written). Write only rows of the tenant the call ' +
        "runs as, inside withTenant(tenantId, fn), and leave tenant_id to the library; system work belongs in " +
        'withoutTenantScope(fn) with a registered system key (docs/security.md).',
    );
    this.diagnostic('cause', cause);
  }
}
