/**
 * `typeorm-tenancy/fastify`: a tenancy plugin and error handler for Fastify 5, with the
 * framework-neutral resolvers and mapping. Fastify is an optional peer: this module only uses its
 * types and requires nothing of it at run time.
 */
export { tenancyPlugin, type TenancyPluginOptions } from './tenancy-plugin';
export { tenancyErrorHandler, type TenancyErrorHandlerOptions } from './tenancy-error-handler';
export * from '../http';
