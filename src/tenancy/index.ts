export type { TenantScope, ContextStore } from './tenant-scope';
export { AsyncLocalStorageStore, useContextStore } from './context-store';
export { ClsHookedStore, useClsHookedNamespace, type ClsNamespaceLike } from './cls-hooked-store';
export { withTenant, withoutTenantScope, parseTenantId, type TenantRunOptions } from './with-tenant';
export { currentTenantId, requireTenantId, currentActorId, currentScope } from './current-tenant';
export { bindTenantScope } from './bind-tenant-scope';
