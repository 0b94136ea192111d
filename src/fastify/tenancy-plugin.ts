import type { FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { enterRequestTenant, resolveRequestTenant, type RequestTenant, type TenantResolutionOptions } from '../http/tenant-resolution';

/**
 * Options of {@link tenancyPlugin}: the resolution options (resolvers, check, actor) for a Fastify
 * request.
 *
 * @example
 * await app.register(tenancyPlugin, { resolve: fromHeader(), check: activeTenantCheck(dataSource) });
 */
export type TenancyPluginOptions = TenantResolutionOptions<FastifyRequest>;

/**
 * Fastify 5 plugin: resolves each request's tenant in an `onRequest` hook (a refusal answers
 * through the error handler before the body is read, and never reaches the route) and enters
 * `withTenant` in a `preHandler` hook whose `done()` runs inside it. Fastify calls the route handler
 * synchronously from the last preHandler's `done`, so the handler, every await in it, `onSend` and
 * the error handler run as the tenant. Entering only in `onRequest` would make the handler's context
 * depend on how body parsing schedules its callbacks (socket events); entering in the last hook
 * before the handler does not (tested with slowly sent bodies). Not encapsulated (like
 * fastify-plugin): it applies to every route of the instance it is registered on, including
 * routes registered before it; preHandler hooks registered *before* it run without the tenant.
 * A route with `config: { tenancy: false }` (or a request `options.skip` accepts) runs without one.
 *
 * @example
 * const app = Fastify();
 * await app.register(tenancyPlugin, { check: activeTenantCheck(dataSource) });
 * app.setErrorHandler(tenancyErrorHandler());
 * app.get('/notes', () => dataSource.getRepository(Note).find());
 * app.get('/healthz', { config: { tenancy: false } }, async () => 'ok');
 */
export const tenancyPlugin: FastifyPluginCallback<TenancyPluginOptions> = (instance, options, done) => {
  const resolution = resolveRequestTenant<FastifyRequest>(options);
  const tenants = new WeakMap<FastifyRequest, RequestTenant | 'skipped'>();
  const skipped = (request: FastifyRequest) =>
    (request.routeOptions.config as { tenancy?: unknown } | undefined)?.tenancy === false || options.skip?.(request) === true;
  instance.addHook('onRequest', async (request: FastifyRequest) => {
    tenants.set(request, skipped(request) ? 'skipped' : await resolution(request));
  });
  instance.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, next: HookHandlerDoneFunction) => {
    const tenant = tenants.get(request);
    if (tenant === 'skipped') return next();
    if (!tenant) return next(new Error('typeorm-tenancy: the tenancy plugin resolved no tenant for this request (was onRequest skipped?).'));
    enterRequestTenant(tenant, () => next());
  });
  done();
};

// What fastify-plugin sets (without depending on it): the hooks apply to the parent instance.
Object.assign(tenancyPlugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'typeorm-tenancy' });
