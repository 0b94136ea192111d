/** What the current async context says about tenancy. */
export type TenantScope =
  /** Inside `withTenant(id, fn)`: every tenant-aware query is limited to `tenantId`. */
  | { readonly kind: 'tenant'; readonly tenantId: string; readonly actorId?: string }
  /** Inside `withoutTenantScope(fn)`: deliberate cross-tenant system work. */
  | { readonly kind: 'system'; readonly actorId?: string };

/** Where the scope lives between awaits. AsyncLocalStorage by default; see `useClsHookedNamespace`. */
export interface ContextStore {
  get(): TenantScope | undefined;
  run<T>(scope: TenantScope, fn: () => T): T;
}
