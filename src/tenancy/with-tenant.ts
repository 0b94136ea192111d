import { InvalidActorIdError, InvalidTenantIdError } from '../errors';
import { isUuid } from '../uuid/is-uuid-v7';
import { contextStore } from './context-store';
import type { TenantScope } from './tenant-scope';

/**
 * Options of {@link withTenant} and {@link withoutTenantScope}.
 *
 * @example
 * await withTenant(tenantId, handler, { actorId: req.auth.userId });
 */
export interface TenantRunOptions {
  /**
   * The acting user's id (a UUID, lowercased), written to `created_by` / `updated_by`. When
   * omitted, an inner `withTenant` for the same tenant keeps the outer actor; for another tenant,
   * and in `withoutTenantScope`, there is none.
   */
  actorId?: string;
}

/**
 * Validates and normalises a tenant id: any RFC 9562 UUID of version 1 to 8 in canonical
 * 8-4-4-4-12 form, returned lowercased. Nil, max, other versions or variants, braces, URNs,
 * surrounding spaces and non-strings are rejected.
 *
 * @throws InvalidTenantIdError (`TENANT_ID_INVALID`) when `value` is not such a UUID.
 * @example
 * parseTenantId('0190A6A4-8C1E-7B3A-9F2D-4C5E6F708192'); // '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192'
 * parseTenantId('acme');                                 // throws TENANT_ID_INVALID
 */
export function parseTenantId(value: unknown): string {
  if (!isUuid(value)) throw new InvalidTenantIdError(value);
  return value.toLowerCase();
}

function parseActorId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isUuid(value)) throw new InvalidActorIdError(value);
  return value.toLowerCase();
}

/**
 * Runs `fn` with `tenantId` as the current tenant and returns what `fn` returns (a promise stays a
 * promise; `fn` runs synchronously, before `withTenant` returns).
 *
 * - **Propagation:** the tenant holds across every await, promise callback, timer
 *   (`setTimeout`/`setInterval`/`setImmediate`), `process.nextTick` and I/O callback started
 *   inside `fn`, however long after `fn` returned it runs. Event listeners are the exception: a
 *   listener runs in the context of the `emit()` call, not where it was registered; wrap a listener
 *   that must keep this tenant in `bindTenantScope`.
 * - **Nesting:** an inner `withTenant` overrides the outer one; the outer scope is current again
 *   after the inner call returns or throws (for an async `fn`: already when the inner call returns
 *   its promise, and in the awaiting code after it settles or rejects). Inside `withoutTenantScope`,
 *   a `withTenant` scopes that inner call again.
 * - **Actor:** `options.actorId`, else the outer actor when the outer scope is the same tenant.
 *
 * @throws InvalidTenantIdError (`TENANT_ID_INVALID`) before `fn` runs when `tenantId` is not a UUID.
 * @throws InvalidActorIdError (`ACTOR_ID_INVALID`) before `fn` runs when `options.actorId` is not a UUID.
 * @example
 * app.use((req, res, next) => withTenant(req.auth.tenantId, next, { actorId: req.auth.userId }));
 * const talks = await withTenant(tenantId, () => sessions.find());
 */
export function withTenant<T>(tenantId: string, fn: () => T, options: TenantRunOptions = {}): T {
  const id = parseTenantId(tenantId);
  const store = contextStore();
  const outer = store.get();
  const inherited = outer?.kind === 'tenant' && outer.tenantId === id ? outer.actorId : undefined;
  const actorId = parseActorId(options?.actorId) ?? inherited;
  const scope: TenantScope = Object.freeze({ kind: 'tenant', tenantId: id, actorId });
  return store.run(scope, fn);
}

/**
 * Runs `fn` with tenant scoping lifted (scope kind `'system'`) and returns what `fn` returns: reads
 * see every tenant's rows and writes must name the tenant explicitly (`tenantId` on each inserted
 * row). The one escape hatch, for migrations, admin tools and cross-tenant jobs; grep for it in
 * review. It propagates and nests exactly like `withTenant`: a `withTenant` inside scopes again, and
 * the enclosing tenant is current again after it returns or throws. The actor is only
 * `options.actorId` (never inherited).
 *
 * @throws InvalidActorIdError (`ACTOR_ID_INVALID`) before `fn` runs when `options.actorId` is not a UUID.
 * @example
 * const all = await withoutTenantScope(() => tenants.find(), { actorId: adminId });
 */
export function withoutTenantScope<T>(fn: () => T, options: TenantRunOptions = {}): T {
  const scope: TenantScope = Object.freeze({ kind: 'system', actorId: parseActorId(options?.actorId) });
  return contextStore().run(scope, fn);
}
