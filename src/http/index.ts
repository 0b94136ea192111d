/**
 * The framework-neutral part of the HTTP integrations (re-exported by `typeorm-tenancy/express`
 * and `typeorm-tenancy/fastify`): tenant resolvers, the optional tenant check, the resolution
 * step and the one error → HTTP mapping. Imports no web framework.
 */
export type { TenantRequest, TenantResolver } from './tenant-request';
export { fromHeader, fromSubdomain, fromPathParam, type SubdomainOptions } from './tenant-resolvers';
export { TtlCache } from './ttl-cache';
export { cachedLookup, type TenantCacheOptions } from './cached-lookup';
export { activeTenantCheck, tenantIdBySlug, type TenantCheck } from './tenant-check';
export { resolveRequestTenant, enterRequestTenant, type TenantResolutionOptions, type RequestTenant } from './tenant-resolution';
export { toHttpError, type HttpErrorBody, type HttpErrorResponse } from './to-http-error';
export { driverErrorStatus, type DriverErrorStatus } from './driver-error-status';
export { LIBRARY_ERROR_STATUSES } from './library-error-statuses';
export {
  TenancyError,
  TenantUnresolvedError,
  UnknownTenantError,
  InactiveTenantError,
  InvalidTenantIdError,
  type TenancyErrorCode,
} from '../errors';
