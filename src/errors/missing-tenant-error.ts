import { TenancyError } from './tenancy-error';

/**
 * A tenant-aware operation ran with no tenant in context and outside `withoutTenantScope`.
 * Thrown before any SQL is sent.
 *
 * @example
 * await expect(repo.find()).rejects.toBeInstanceOf(MissingTenantError); // no withTenant around it
 */
export class MissingTenantError extends TenancyError {
  readonly code = 'TENANT_MISSING' as const;

  /**
   * @param operation what was attempted, e.g. `insert into Conference`
   * @param hint replaces the default advice when the context is there but still not enough
   */
  constructor(readonly operation: string, hint?: string) {
    super(
      `No tenant in context for ${operation}. ` +
        (hint ??
          'Wrap the call in withTenant(tenantId, fn), or in withoutTenantScope(fn) for deliberate cross-tenant system work.'),
    );
  }
}
