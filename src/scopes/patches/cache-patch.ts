import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { currentScope } from '../../tenancy/current-tenant';
import { hasScopes } from '../scope-registry';
import { patchMethod } from './patch-method';

/**
 * The query-result cache key of a query for tenant A: `<cacheId>@<tenantId>` (`@*` unscoped).
 * Without an explicit id TypeORM keys by SQL + parameters, which already include the tenant.
 *
 * @example
 * await dataSource.queryResultCache?.remove([tenantCacheId('conference-list')]);
 */
export function tenantCacheId(cacheId: string): string {
  const scope = currentScope();
  return `${cacheId}@${scope?.kind === 'tenant' ? scope.tenantId : scope?.kind === 'system' ? '*' : '-'}`;
}

/**
 * Explicit cache ids (`cache: { id }`, `.cache('id', ms)`) are namespaced per tenant, so one tenant
 * never reads another tenant's cached rows. Patch point: SelectQueryBuilder.loadRawResults, where
 * TypeORM reads and writes the cache.
 */
export function installCachePatch(): void {
  patchMethod(SelectQueryBuilder, 'loadRawResults', (original) =>
    async function loadRawResults(this: SelectQueryBuilder<ObjectLiteral>, ...args: unknown[]) {
      const map = this.expressionMap;
      if (!map.cacheId || !hasScopes(this.dataSource)) return original.apply(this, args);
      const saved = map.cacheId;
      map.cacheId = tenantCacheId(saved);
      try {
        return await original.apply(this, args);
      } finally {
        map.cacheId = saved;
      }
    },
  );
}
