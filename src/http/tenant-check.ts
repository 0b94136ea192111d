import type { DataSource } from 'typeorm';
import { InactiveTenantError, UnknownTenantError } from '../errors';
import { Tenant } from '../entities/tenant.entity';
import { withoutTenantScope } from '../tenancy/with-tenant';
import { cachedLookup, type TenantCacheOptions } from './cached-lookup';

/**
 * Checks a tenant id before the request runs: resolves when the tenant may be served, rejects with
 * a typed error otherwise. `clear(id?)` drops cached answers.
 *
 * @example
 * const check: TenantCheck = activeTenantCheck(dataSource);
 * await check(tenantId); // throws TENANT_UNKNOWN / TENANT_INACTIVE
 */
export type TenantCheck = ((tenantId: string) => Promise<void>) & { clear?(tenantId?: string): void };

/**
 * A {@link TenantCheck} against the `tenants` table (the `Tenant` entity must be in the DataSource):
 * the tenant must exist, not be soft-deleted, and have status `active`. The lookup runs as system
 * work (`withoutTenantScope`) and is cached (TTL, bounded; see {@link TenantCacheOptions}), so a
 * suspension takes up to `ttlMs` to apply unless you call `check.clear(id)`. Behind row-level
 * security as the application role it needs the system key (`rowLevelSecurity: { systemKey }`):
 * without it the `tenants` policy hides the row and every tenant is refused (fail closed).
 *
 * @throws UnknownTenantError (`TENANT_UNKNOWN`, as a rejection) for an id not in the table.
 * @throws InactiveTenantError (`TENANT_INACTIVE`, as a rejection) for a suspended or archived tenant.
 * @example
 * app.use(tenantMiddleware({ check: activeTenantCheck(dataSource, { ttlMs: 10_000 }) }));
 */
export function activeTenantCheck(dataSource: DataSource, options: TenantCacheOptions = {}): TenantCheck & { clear(tenantId?: string): void } {
  const status = cachedLookup(async (id) => {
    const row = await withoutTenantScope(() => dataSource.getRepository(Tenant).findOne({ where: { id }, select: { id: true, status: true } }));
    return row?.status;
  }, options);
  const check = async (tenantId: string): Promise<void> => {
    const found = await status(tenantId);
    if (found === undefined) throw new UnknownTenantError();
    if (found !== 'active') throw new InactiveTenantError(found);
  };
  return Object.assign(check, { clear: status.clear });
}

/**
 * A slug → tenant id lookup for {@link fromSubdomain} (`acme.example.com` → the id of slug `acme`),
 * against the `tenants` table as system work, cached like {@link activeTenantCheck}. An unknown
 * slug resolves nothing (the request is then refused with 400 TENANT_UNRESOLVED).
 *
 * @example
 * fromSubdomain({ baseDomain: 'example.com', toTenantId: tenantIdBySlug(dataSource) });
 */
export function tenantIdBySlug(dataSource: DataSource, options: TenantCacheOptions = {}): ((slug: string) => Promise<string | undefined>) & { clear(slug?: string): void } {
  return cachedLookup(async (slug) => {
    const row = await withoutTenantScope(() => dataSource.getRepository(Tenant).findOne({ where: { slug }, select: { id: true } }));
    return row?.id;
  }, options);
}
