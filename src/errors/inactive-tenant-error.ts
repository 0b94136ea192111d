import { TenancyError } from './tenancy-error';

/**
 * A request named a tenant that exists but whose status is not `active` (suspended or archived).
 * Raised by the optional tenant check of the HTTP integrations before the handler runs; they answer
 * 403. `status` is the tenant's own status, told only to a caller that already holds its id.
 *
 * @example
 * await fetch(url, { headers: { 'x-tenant-id': suspendedId } }); // 403 TENANT_INACTIVE
 */
export class InactiveTenantError extends TenancyError {
  readonly code = 'TENANT_INACTIVE' as const;

  constructor(readonly status: string) {
    super(`This tenant is ${status}, not active: its data cannot be used until it is reactivated.`);
  }
}
