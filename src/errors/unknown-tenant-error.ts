import { TenancyError } from './tenancy-error';

/**
 * A request named a well-formed tenant id that is not in the `tenants` table (or was deleted).
 * Raised by the optional tenant check of the HTTP integrations before the handler runs; they answer
 * 404. The message does not repeat the id.
 *
 * @example
 * await fetch(url, { headers: { 'x-tenant-id': randomUUID() } }); // 404 TENANT_UNKNOWN
 */
export class UnknownTenantError extends TenancyError {
  readonly code = 'TENANT_UNKNOWN' as const;

  constructor() {
    super('No tenant with the id this request names. Check the tenant id the client sends.');
  }
}
