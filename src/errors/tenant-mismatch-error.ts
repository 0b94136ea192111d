import { TenancyError } from './tenancy-error';

/**
 * A write would touch or create a row of another tenant than the current one, or would move a row
 * to another tenant. Nothing was written.
 *
 * @example
 * await withTenant(tenantA, () => repo.save({ ...row, tenantId: tenantB })); // throws TENANT_MISMATCH
 */
export class TenantMismatchError extends TenancyError {
  readonly code = 'TENANT_MISMATCH' as const;

  constructor(
    readonly operation: string,
    readonly expectedTenantId: string | undefined,
    readonly actualTenantId: unknown,
    hint = 'Leave tenantId unset (it is stamped from the context) or run the call inside withTenant() for the tenant that owns the row.',
  ) {
    super(
      `${operation} refused: the row belongs to tenant ${String(actualTenantId)}, ` +
        `but the current tenant is ${expectedTenantId ?? '(none)'}. ${hint}`,
    );
  }
}
