import { TenancyError } from './tenancy-error';

/**
 * An HTTP request named no tenant: none of the configured resolvers (header, subdomain, path
 * parameter, your callback) found one. Raised by the tenant middleware before the handler runs, so
 * nothing was read or written; the HTTP integrations answer 400.
 *
 * @example
 * await fetch(url); // no x-tenant-id header → 400 { error: { code: 'TENANT_UNRESOLVED', … } }
 */
export class TenantUnresolvedError extends TenancyError {
  readonly code = 'TENANT_UNRESOLVED' as const;

  /** @param sources where the middleware looked, e.g. `the x-tenant-id header` */
  constructor(readonly sources: readonly string[]) {
    super(`The request names no tenant. Send the tenant's id (a UUID) in ${sources.length ? sources.join(' or ') : 'the place the server expects'}.`);
  }
}
