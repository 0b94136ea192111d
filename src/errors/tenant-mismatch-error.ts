import { TenancyError } from './tenancy-error';

const DEFAULT_HINT =
  'Leave tenantId unset (it is stamped from the context) or run the call inside withTenant() for the tenant that owns the row.';

/**
 * A write would touch or create a row of another tenant than the current one, or would move a row
 * to another tenant. Nothing was written.
 *
 * The message names no tenant id and does not say which tenant owns a row: it is safe to return to
 * a client (with `code` and `operation`). The ids are diagnostics for server logs, non-enumerable
 * (left out of `JSON.stringify`, `util.inspect` and `{ ...error }`), and never a value read from
 * another tenant's row: `expectedTenantId` is the tenant the call runs as (or, inside
 * `withoutTenantScope`, the row's own tenant), `actualTenantId` only ever a value the caller itself
 * supplied.
 *
 * @example
 * await withTenant(tenantA, () => repo.save({ ...row, tenantId: tenantB })); // throws TENANT_MISMATCH
 */
export class TenantMismatchError extends TenancyError {
  readonly code = 'TENANT_MISMATCH' as const;
  /** Diagnostic, non-enumerable: the tenant the write was allowed to touch. */
  declare readonly expectedTenantId: string | undefined;
  /** Diagnostic, non-enumerable: the tenant value the caller supplied, if any (never one read from the database). */
  declare readonly actualTenantId: unknown;

  /**
   * @param operation what was refused, e.g. `save of Note` (names the entity, never a row or tenant)
   * @param expectedTenantId the tenant the write may touch (kept as a hidden diagnostic)
   * @param actualTenantId a tenant value the caller supplied (kept as a hidden diagnostic); pass
   *   undefined when the other tenant is only known from the database
   * @param hint how to fix the call
   */
  constructor(readonly operation: string, expectedTenantId: string | undefined, actualTenantId: unknown, hint = DEFAULT_HINT) {
    super(`${operation} refused: it would reach outside the current tenant, so nothing was written. ${hint}`);
    this.diagnostic('expectedTenantId', expectedTenantId);
    this.diagnostic('actualTenantId', actualTenantId);
  }
}
