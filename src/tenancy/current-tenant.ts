import { MissingTenantError } from '../errors';
import { contextStore } from './context-store';
import type { TenantScope } from './tenant-scope';

/**
 * The current tenant id, or `undefined` outside `withTenant` (and inside `withoutTenantScope`).
 *
 * @example
 * withTenant(id, () => currentTenantId() === id); // true
 */
export function currentTenantId(): string | undefined {
  const scope = contextStore().get();
  return scope?.kind === 'tenant' ? scope.tenantId : undefined;
}

/**
 * The current tenant id; throws when there is none.
 *
 * @throws MissingTenantError (`TENANT_MISSING`) outside `withTenant`, including inside
 *   `withoutTenantScope` (which has no tenant by definition).
 * @example
 * const tenantId = requireTenantId(); // in a service that must never run unscoped
 */
export function requireTenantId(): string {
  const scope = contextStore().get();
  if (scope?.kind === 'tenant') return scope.tenantId;
  throw new MissingTenantError(
    'requireTenantId()',
    scope?.kind === 'system'
      ? 'This runs inside withoutTenantScope(fn), which has no tenant. Wrap this call in withTenant(tenantId, fn).'
      : undefined,
  );
}

/**
 * The acting user's id given to `withTenant`/`withoutTenantScope` (or inherited by a nested
 * `withTenant` for the same tenant), if any.
 *
 * @example
 * withTenant(t, () => currentActorId(), { actorId: userId }); // userId
 */
export function currentActorId(): string | undefined {
  return contextStore().get()?.actorId;
}

/**
 * The raw scope (tenant, system or none; frozen). For integrations that need to tell "no tenant"
 * from "scope deliberately lifted".
 *
 * @example
 * if (currentScope()?.kind === 'system') log.warn('running unscoped');
 */
export function currentScope(): TenantScope | undefined {
  return contextStore().get();
}
