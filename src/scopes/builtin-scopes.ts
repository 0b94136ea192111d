import type { Scope, ScopedQueryType } from './scope';
import { scopeColumnOf } from './tenancy-options';
import { tenantCondition, type TenantOperation } from './tenant-condition';
import { currentTenantId } from '../tenancy/current-tenant';

/** The one bound parameter that carries the tenant id into SQL. Reserved. */
export const TENANT_PARAMETER = 'tenancy_tenant_id';

const OPERATION: Record<ScopedQueryType, TenantOperation> = {
  select: 'read',
  update: 'update',
  'soft-delete': 'update',
  restore: 'update',
  delete: 'delete',
};

/**
 * The tenant scope: `<alias>.tenant_id = :tenancy_tenant_id` on every alias of a tenant-aware
 * entity (and `<alias>.id = …` on the tenants table). Outside any context it throws
 * `MissingTenantError`; inside `withoutTenantScope` it adds nothing. This is the only place the
 * tenant predicate is written.
 */
export const tenantScope: Scope = {
  name: 'tenant',
  liftable: false,
  queryTypes: new Set<ScopedQueryType>(['select', 'update', 'delete', 'soft-delete', 'restore']),
  appliesTo: (metadata) => scopeColumnOf(metadata) !== null,
  condition(metadata, query) {
    const condition = tenantCondition(OPERATION[query.type], metadata.name);
    if (condition.kind === 'unscoped') return undefined;
    return `${query.column(scopeColumnOf(metadata)!.databaseName)} = :${TENANT_PARAMETER}`;
  },
  parameters() {
    const tenantId = currentTenantId();
    return tenantId === undefined ? {} : { [TENANT_PARAMETER]: tenantId };
  },
};

/**
 * The soft-delete rule as a scope: rows with `deleted_at` set are invisible to reads and joins and
 * untouched by bulk updates and soft deletes, whatever the order of `withDeleted()` and joins.
 * Lifted by `withDeleted()` (one query) or `withoutScopes(['softDelete'], fn)`.
 */
export const softDeleteScope: Scope = {
  name: 'softDelete',
  liftable: true,
  queryTypes: new Set<ScopedQueryType>(['select', 'update', 'soft-delete']),
  appliesTo: (metadata) => metadata.deleteDateColumn !== undefined,
  condition: (metadata, query) => (query.withDeleted ? undefined : `${query.column(metadata.deleteDateColumn!.databaseName)} IS NULL`),
};
