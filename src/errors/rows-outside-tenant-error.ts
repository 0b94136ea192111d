import { TenancyError } from './tenancy-error';

/**
 * A test assertion (`expectOnlyTenant` of `typeorm-tenancy/testing`) found rows of another tenant,
 * rows without a tenant column, or no rows at all. Test-only: the message lists the offending
 * rows' ids and tenant values (test data, wanted for debugging), so never map it to a response.
 *
 * @example
 * expectOnlyTenant(await asTenant(a, () => notes.find()), a); // throws TEST_ROWS_OUTSIDE_TENANT on a leak
 */
export class RowsOutsideTenantError extends TenancyError {
  readonly code = 'TEST_ROWS_OUTSIDE_TENANT' as const;

  /**
   * @param tenantId the tenant every row should belong to
   * @param offending `id: tenant` descriptions of the rows that do not (at most the first 10 are listed)
   * @param total how many rows were checked
   */
  constructor(readonly tenantId: string, readonly offending: readonly string[], readonly total: number) {
    super(
      total === 0
        ? `expectOnlyTenant: no rows to check for tenant ${tenantId}, so the assertion proves nothing. Seed rows first, or pass { allowEmpty: true }.`
        : `expectOnlyTenant: ${offending.length} of ${total} row(s) are not tenant ${tenantId}: ` +
            offending.slice(0, 10).join(', ') +
            (offending.length > 10 ? `, … (${offending.length - 10} more)` : '') +
            '. A read leaked across tenants, or the rows lack the tenant column (select it).',
    );
  }
}
