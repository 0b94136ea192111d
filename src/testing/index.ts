/**
 * `typeorm-tenancy/testing`: scratch databases per target, tenants, running as a tenant, an
 * isolation assertion and a Jest setup that fails tests leaking tenant context. Not loaded by the
 * core entry; the drivers (`pg`, `mysql2`) and PGlite load only for the target a test opens.
 */
export { openTestDatabase, type TestDatabase, type TestDatabaseOptions } from './open-test-database';
export { testTarget, type TestTarget } from './test-target';
export { createTenant, asTenant, type CreateTenantOptions } from './tenants';
export { expectOnlyTenant, type ExpectOnlyTenantOptions } from './expect-only-tenant';
export { createContextLeakCheck, installContextLeakCheck, type ContextLeakCheck, type ContextLeakCheckOptions } from './context-leak-check';
export { RowsOutsideTenantError, ContextLeakError, type ContextLeak, TenancyError, type TenancyErrorCode } from '../errors';
