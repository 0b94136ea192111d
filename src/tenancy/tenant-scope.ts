/**
 * What the current async context says about tenancy. Scopes are frozen: a scope is shared by every
 * callback of the async tree that created it, so nobody may change it in place.
 *
 * @example
 * const scope = currentScope();
 * if (scope?.kind === 'tenant') log.info({ tenant: scope.tenantId, actor: scope.actorId });
 */
export type TenantScope =
  /** Inside `withTenant(id, fn)`: every tenant-aware query is limited to `tenantId`. */
  | { readonly kind: 'tenant'; readonly tenantId: string; readonly actorId?: string }
  /** Inside `withoutTenantScope(fn)`: deliberate cross-tenant system work. */
  | { readonly kind: 'system'; readonly actorId?: string };

/**
 * Where the scope lives between awaits. AsyncLocalStorage by default; see `useClsHookedNamespace`.
 * An implementation must make `scope` current for `fn` and for every async callback created while
 * `fn` runs, restore the caller's scope when `fn` returns or throws (synchronously, also when `fn`
 * returns a promise), and rethrow whatever `fn` throws unchanged. `run(undefined, fn)` runs `fn`
 * with no scope at all (used by `bindTenantScope` for callbacks bound outside any scope).
 *
 * @example
 * class MapStore implements ContextStore { ... }   // custom store, e.g. for a test double
 * const previous = useContextStore(new MapStore());
 */
export interface ContextStore {
  get(): TenantScope | undefined;
  run<T>(scope: TenantScope | undefined, fn: () => T): T;
}
