export { enableTenancy } from './enable-tenancy';
export { tenantCondition, type TenantCondition, type TenantOperation } from './tenant-condition';
export { tenancyConfig, tenantColumnOf, type TenancyOptions, type TenancyConfig } from './tenancy-options';
export { SUPPORTED_TYPEORM_VERSION, typeormInternalProblems } from './typeorm-internals';
