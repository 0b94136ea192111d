import { MissingTenantError } from '../errors';
import { currentScope } from '../tenancy/current-tenant';

/** The kinds of access a tenant condition is built for. */
export type TenantOperation = 'read' | 'insert' | 'update' | 'delete';

/** What the current context allows for one operation on a tenant-aware entity. */
export type TenantCondition =
  /** Limit to (or stamp) this tenant. */
  | { readonly kind: 'tenant'; readonly tenantId: string }
  /** Inside `withoutTenantScope`: no limit; inserted rows must name their tenant. */
  | { readonly kind: 'unscoped' };

/**
 * THE one place that decides how an operation on a tenant-aware entity is limited. Every write
 * guard and every query scope calls it; there is no second copy of this decision.
 *
 * @throws MissingTenantError (`TENANT_MISSING`) with no tenant and outside `withoutTenantScope`.
 * @example
 * const condition = tenantCondition('update', 'Conference');
 * if (condition.kind === 'tenant') qb.andWhere('c.tenant_id = :t', { t: condition.tenantId });
 */
export function tenantCondition(operation: TenantOperation, entityName: string): TenantCondition {
  const scope = currentScope();
  if (scope?.kind === 'tenant') return { kind: 'tenant', tenantId: scope.tenantId };
  if (scope?.kind === 'system') return { kind: 'unscoped' };
  throw new MissingTenantError(`${operation} on ${entityName}`);
}
