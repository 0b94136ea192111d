import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { enterRequestTenant, resolveRequestTenant, type RequestTenant } from '../http/tenant-resolution';
import { TENANCY_MODULE_OPTIONS, type TenancyModuleOptions } from './tenancy-module-options';
import { headerTenantResolver, type TenantRequest } from './tenant-resolvers';

type Next = (error?: unknown) => void;

/**
 * Nest middleware (installed by `TenancyModule` on every route but the excluded ones) that resolves
 * the request's tenant and actor and calls `next()` inside `withTenant(tenant, …, { actorId })`:
 * guards, interceptors, pipes, the handler and everything they await run as that tenant; concurrent
 * requests each keep their own (one AsyncLocalStorage context per request). A request without a
 * tenant, or with a malformed one, never reaches the handler: `next(error)` with
 * `TenantUnresolvedError` / `InvalidTenantIdError` / `InvalidActorIdError`, 400 through
 * `TenancyExceptionFilter` — the same resolution and errors as the Express and Fastify integrations.
 *
 * Middleware rather than an interceptor so that guards run inside the tenant too; body parsing
 * runs before Nest middleware, so request bodies do not break the context.
 *
 * @example
 * consumer.apply(TenantMiddleware).forRoutes('*'); // what TenancyModule.configure does
 */
@Injectable()
export class TenantMiddleware implements NestMiddleware<TenantRequest, unknown> {
  private readonly resolve: (request: TenantRequest) => Promise<RequestTenant>;

  constructor(@Inject(TENANCY_MODULE_OPTIONS) options: TenancyModuleOptions) {
    // The shared resolution of the HTTP integrations (src/http): one set of rules and errors.
    const given = options.resolveTenant ?? headerTenantResolver();
    const tenant = Object.assign(async (request: TenantRequest) => orUndefined(await given(request)), { source: sourceOf(given as { header?: string; source?: string }) });
    const actor = options.resolveActor;
    this.resolve = resolveRequestTenant({ resolve: tenant, actor: actor && (async (request: TenantRequest) => orUndefined(await actor(request))) });
  }

  async use(request: TenantRequest, _response: unknown, next: Next): Promise<void> {
    let tenant: RequestTenant;
    try {
      tenant = await this.resolve(request);
    } catch (error) {
      next(error);
      return;
    }
    enterRequestTenant(tenant, next);
  }
}

const orUndefined = (value: string | null | undefined): string | undefined => (value === null || value === '' ? undefined : (value ?? undefined));
const sourceOf = (resolver: { header?: string; source?: string }): string | undefined =>
  resolver.source ?? (resolver.header ? `the ${resolver.header} header` : undefined);
