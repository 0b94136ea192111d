/**
 * `typeorm-tenancy/nest`: NestJS integration. `tenancyDataSourceFactory` for `@nestjs/typeorm`,
 * `TenancyModule` (per-request tenant middleware + exception filter), resolvers, the HTTP error map
 * and a nestjs-cls context store. Not loaded by the core entry; `@nestjs/common` and `@nestjs/core`
 * are optional peers, nestjs-cls is never required (typed structurally).
 */
export { tenancyDataSourceFactory } from './tenancy-data-source-factory';
export { TenancyModule, type TenancyModuleAsyncOptions } from './tenancy-module';
export { TENANCY_MODULE_OPTIONS, type TenancyModuleOptions } from './tenancy-module-options';
export { TenantMiddleware } from './tenant-middleware';
export { headerTenantResolver, type TenantResolver, type ActorResolver, type TenantRequest } from './tenant-resolvers';
export { TenancyExceptionFilter } from './tenancy-exception-filter';
export { tenancyHttpError, type TenancyHttpError } from './tenancy-http-error';
export { ClsServiceStore, type ClsServiceLike } from './cls-service-store';
