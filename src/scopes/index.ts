export { enableTenancy } from './enable-tenancy';
export { tenantCondition, type TenantCondition, type TenantOperation } from './tenant-condition';
export { tenancyConfig, tenantColumnOf, type TenancyOptions, type TenancyConfig, type PreparedStatementsMode } from './tenancy-options';
export { defineScope, type ScopeDefinition } from './scope-registry';
export type { ScopedQueryType } from './scope';
export { withoutScopes } from './scope-opt-out';
export { tenantCacheId } from './patches/cache-patch';
export { SUPPORTED_TYPEORM_VERSION, typeormInternalProblems } from './typeorm-internals';
