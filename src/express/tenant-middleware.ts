import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { enterRequestTenant, resolveRequestTenant, type TenantResolutionOptions } from '../http/tenant-resolution';

/**
 * Options of {@link tenantMiddleware}: the resolution options (resolvers, check, actor) for an
 * Express request.
 *
 * @example
 * const options: TenantMiddlewareOptions = { resolve: fromHeader('x-tenant-id'), check: activeTenantCheck(dataSource) };
 */
export type TenantMiddlewareOptions = TenantResolutionOptions<Request>;

/**
 * Express 5 middleware: resolves the request's tenant (and actor) and calls `next()` inside
 * `withTenant`, so every later middleware and the route handler — sync or async, and every await
 * in it — runs as that tenant. A request whose tenant is missing, malformed, unknown or inactive
 * goes to the error handlers (`next(error)`) and never reaches the route: it reads and writes
 * nothing. Mount it before the routes that touch tenant data (or on a path: `app.use('/t/:tenantId', …)`).
 *
 * @example
 * const app = express();
 * app.use(tenantMiddleware({ check: activeTenantCheck(dataSource), actor: (req) => req.header('x-user-id') }));
 * app.get('/notes', async (req, res) => { res.json(await dataSource.getRepository(Note).find()); });
 * app.use(tenancyErrorHandler());
 */
export function tenantMiddleware(options: TenantMiddlewareOptions = {}): RequestHandler {
  const resolution = resolveRequestTenant(options);
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (options.skip?.(req)) return next();
    // `next` is called inside withTenant: AsyncLocalStorage follows it into the handlers, and Express
    // 5 attaches its `.catch(next)` to a handler's promise there too. Resolution errors go to `next`.
    resolution(req).then((tenant) => {
      let entered = false;
      try {
        enterRequestTenant(tenant, () => {
          entered = true;
          next();
        });
      } catch (error) {
        if (entered) throw error; // thrown by Express after next(): not ours to handle twice
        next(error);
      }
    }, next);
  };
}
