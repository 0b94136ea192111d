import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { DbQueryResultCache } from 'typeorm/cache/DbQueryResultCache';
import { TenancySetupError } from '../../errors/tenancy-setup-error';
import { currentScope } from '../../tenancy/current-tenant';
import { TENANT_PARAMETER } from '../builtin-scopes';
import { hasScopes } from '../scope-registry';
import { isScopedTable } from '../scoped-tables';
import { tenancyConfig } from '../tenancy-options';
import { patchMethod } from './patch-method';
import { scopedMetadataOf } from './scope-refs';

type Builder = SelectQueryBuilder<ObjectLiteral>;

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

/** TypeORM's own rule (loadRawResults) for whether this query reads and writes the cache. */
function usesCache(qb: Builder): boolean {
  const options = typeof qb.dataSource.options.cache === 'object' ? qb.dataSource.options.cache : {};
  const enabled = options.alwaysEnabled ? qb.expressionMap.cache !== false : qb.expressionMap.cache === true;
  return enabled && qb.dataSource.queryResultCache !== undefined;
}

/**
 * Would this query put tenant rows into the cache? Inside a tenant every scoped table carries the
 * tenant parameter, subqueries included. As system work: any alias of a tenant-scoped table, and
 * any subquery (not inspected), counts.
 */
function readsTenantRows(qb: Builder): boolean {
  if (currentScope()?.kind === 'tenant') return qb.getQuery().includes(`:${TENANT_PARAMETER}`);
  return qb.expressionMap.aliases.some((alias) => {
    const metadata = scopedMetadataOf(qb, alias);
    return alias.subQuery !== undefined || (metadata !== undefined && isScopedTable(metadata));
  });
}

/**
 * With the database wall on, TypeORM's database result cache (`query-result-cache` table, which no
 * policy covers) may not hold tenant rows: a cached query of tenant rows is refused before it
 * runs. Cached queries of global entities, and Redis/ioredis or your own provider, work as usual.
 */
function refuseDatabaseCacheOfTenantRows(qb: Builder): void {
  const config = tenancyConfig(qb.dataSource);
  if (!config?.rowLevelSecurity || !(qb.dataSource.queryResultCache instanceof DbQueryResultCache) || !usesCache(qb)) return;
  if (!readsTenantRows(qb)) return;
  throw new TenancySetupError(
    "cache: { type: 'database' } for a query of tenant rows",
    "TypeORM's cache table holds every tenant's cached rows outside row-level security. Use cache: { type: 'redis' | 'ioredis' } " +
      '(or your own provider) for tenant data, or pass rowLevelSecurity: false.',
  );
}

/**
 * Explicit cache ids (`cache: { id }`, `.cache('id', ms)`) are namespaced per tenant, so one tenant
 * never reads another tenant's cached rows; the database cache is refused for tenant rows with the
 * wall on. Patch point: SelectQueryBuilder.loadRawResults, where TypeORM reads and writes the cache.
 */
export function installCachePatch(): void {
  patchMethod(SelectQueryBuilder, 'loadRawResults', (original) =>
    async function loadRawResults(this: Builder, ...args: unknown[]) {
      if (!hasScopes(this.dataSource)) return original.apply(this, args);
      refuseDatabaseCacheOfTenantRows(this);
      const map = this.expressionMap;
      if (!map.cacheId) return original.apply(this, args);
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
