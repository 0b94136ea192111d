import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { MissingTenantError } from '../errors/missing-tenant-error';
import { parseTenantId, withTenant } from '../tenancy/with-tenant';
import { TENANCY_MODULE_OPTIONS, type TenancyModuleOptions } from './tenancy-module-options';
import { headerTenantResolver, type TenantRequest } from './tenant-resolvers';

type Next = (error?: unknown) => void;

/**
 * Nest middleware (installed by `TenancyModule` on every route but the excluded ones) that resolves
 * the request's tenant and actor and calls `next()` inside `withTenant(tenant, …, { actorId })`:
 * guards, interceptors, pipes, the handler and everything they await run as that tenant; concurrent
 * requests each keep their own (one AsyncLocalStorage context per request). A request without a
 * tenant, or with a malformed one, never reaches the handler: `next(error)` with
 * `MissingTenantError` / `InvalidTenantIdError` / `InvalidActorIdError`, 400 through
 * `TenancyExceptionFilter`.
 *
 * Middleware rather than an interceptor so that guards run inside the tenant too; body parsing
 * runs before Nest middleware, so request bodies do not break the context.
 *
 * @example
 * consumer.apply(TenantMiddleware).forRoutes('*'); // what TenancyModule.configure does
 */
@Injectable()
export class TenantMiddleware implements NestMiddleware<TenantRequest, unknown> {
  private readonly resolveTenant;

  constructor(@Inject(TENANCY_MODULE_OPTIONS) private readonly options: TenancyModuleOptions) {
    this.resolveTenant = options.resolveTenant ?? headerTenantResolver();
  }

  async use(request: TenantRequest, _response: unknown, next: Next): Promise<void> {
    let tenantId: string;
    let actorId: string | undefined;
    try {
      const raw = await this.resolveTenant(request);
      if (raw === undefined || raw === null || raw === '') {
        const header = (this.resolveTenant as { header?: string }).header;
        throw new MissingTenantError('this request', header ? `Send the tenant's id in the ${header} header.` : "Send the tenant's id with the request.");
      }
      tenantId = parseTenantId(raw);
      actorId = (await this.options.resolveActor?.(request)) ?? undefined;
    } catch (error) {
      next(error);
      return;
    }
    let entered = false;
    try {
      withTenant(tenantId, () => {
        entered = true;
        next();
      }, { actorId });
    } catch (error) {
      // Only withTenant's own refusal (ACTOR_ID_INVALID) before next() ran; never call next twice.
      if (entered) throw error;
      next(error);
    }
  }
}
