import type { EntityMetadata } from 'typeorm';
import type { Scope, ScopedQueryType, ScopeQuery } from './scope';
import { linkOwnerOf } from './scoped-tables';
import { scopeColumnOf, tenancyConfig } from './tenancy-options';
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

/** Alias of the owner row inside a link table's tenant condition. */
const OWNER_ALIAS = 'tenancy_owner';

/** A junction or closure row belongs to the tenant of the row its first side references. */
function linkCondition(metadata: EntityMetadata, query: ScopeQuery): string {
  const { owner, columns } = linkOwnerOf(metadata)!;
  const alias = query.escape(OWNER_ALIAS);
  const joins = columns.map(([link, referenced]) => `${alias}.${query.escape(referenced.databaseName)} = ${query.qualifiedColumn(link.databaseName)}`);
  const tenant = `${alias}.${query.escape(scopeColumnOf(owner)!.databaseName)} = :${TENANT_PARAMETER}`;
  return `EXISTS (SELECT 1 FROM ${query.table(owner)} ${alias} WHERE ${[...joins, tenant].join(' AND ')})`;
}

/**
 * The tenant scope: `<alias>.tenant_id = :tenancy_tenant_id` on every alias of a tenant-aware
 * entity (and `<alias>.id = …` on the tenants table); on a many-to-many junction or closure table
 * of one, `EXISTS` of its owner row in the tenant. Outside any context it throws
 * `MissingTenantError`; inside `withoutTenantScope` it adds nothing. This is the only place the
 * tenant predicate is written.
 */
export const tenantScope: Scope = {
  name: 'tenant',
  liftable: false,
  queryTypes: new Set<ScopedQueryType>(['select', 'update', 'delete', 'soft-delete', 'restore']),
  appliesTo: (metadata) => scopeColumnOf(metadata) !== null || linkOwnerOf(metadata) !== null,
  condition(metadata, query) {
    const condition = tenantCondition(OPERATION[query.type], metadata.name);
    if (condition.kind === 'unscoped') return undefined;
    const column = scopeColumnOf(metadata);
    return column ? `${query.column(column.databaseName)} = :${TENANT_PARAMETER}` : linkCondition(metadata, query);
  },
  parameters() {
    const tenantId = currentTenantId();
    return tenantId === undefined ? {} : { [TENANT_PARAMETER]: tenantId };
  },
};

/**
 * True when the soft-delete scope replaces TypeORM's own soft-delete handling for an entity: every
 * tenant-aware entity with a `@DeleteDateColumn`, and other entities only with
 * `enableTenancy(ds, { softDeleteScope: 'all' })`. Other entities keep TypeORM's behaviour exactly.
 *
 * @example
 * hasSoftDeleteScope(dataSource.getMetadata(Conference)); // true: tenant-aware with deleted_at
 */
export function hasSoftDeleteScope(metadata: EntityMetadata): boolean {
  if (metadata.deleteDateColumn === undefined) return false;
  return scopeColumnOf(metadata) !== null || tenancyConfig(metadata.dataSource)?.softDeleteScope === 'all';
}

/**
 * The soft-delete rule as a scope: rows with `deleted_at` set are invisible to reads and joins and
 * untouched by bulk updates and soft deletes, whatever the order of `withDeleted()` and joins.
 * Lifted by `withDeleted()` (one query) or `withoutScopes(['softDelete'], fn)`.
 */
export const softDeleteScope: Scope = {
  name: 'softDelete',
  liftable: true,
  queryTypes: new Set<ScopedQueryType>(['select', 'update', 'soft-delete']),
  appliesTo: hasSoftDeleteScope,
  condition: (metadata, query) => (query.withDeleted ? undefined : `${query.column(metadata.deleteDateColumn!.databaseName)} IS NULL`),
};
