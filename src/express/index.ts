/**
 * `typeorm-tenancy/express`: tenant middleware and error handler for Express 5, with the
 * framework-neutral resolvers and mapping. Express is an optional peer: this module only uses its
 * types and requires nothing of it at run time.
 */
export { tenantMiddleware, type TenantMiddlewareOptions } from './tenant-middleware';
export { tenancyErrorHandler, type TenancyErrorHandlerOptions } from './tenancy-error-handler';
export * from '../http';
