import type { RouteInfo, Type } from '@nestjs/common/interfaces';
import type { ActorResolver, TenantResolver } from './tenant-resolvers';

/**
 * Injection token of the {@link TenancyModuleOptions}.
 *
 * @example
 * constructor(@Inject(TENANCY_MODULE_OPTIONS) options: TenancyModuleOptions) {}
 */
export const TENANCY_MODULE_OPTIONS = Symbol('typeorm-tenancy:nest-options');

/**
 * Options of `TenancyModule.forRoot`.
 *
 * @example
 * TenancyModule.forRoot({
 *   resolveTenant: (req: Request & { user?: { tenantId: string } }) => req.user?.tenantId,
 *   resolveActor: (req: Request & { user?: { id: string } }) => req.user?.id,
 *   exclude: ['health'],
 * });
 */
export interface TenancyModuleOptions {
  /** Where the tenant id comes from. Default `headerTenantResolver('x-tenant-id')`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolveTenant?: TenantResolver<any>;
  /** Where the actor id comes from (`created_by`/`updated_by`). Default: none. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolveActor?: ActorResolver<any>;
  /** Routes that run without a tenant (health checks, sign-up, tenant admin): not resolved at all. */
  exclude?: Array<string | RouteInfo>;
  /** Routes to scope. Default every route (`'*'`). */
  forRoutes?: Array<string | RouteInfo | Type<unknown>>;
  /** Register `TenancyExceptionFilter` as a global filter (`APP_FILTER`). Default true. */
  exceptionFilter?: boolean;
}
