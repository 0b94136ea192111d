import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { toHttpError, type HttpErrorResponse } from '../http/to-http-error';

/**
 * Options of {@link tenancyErrorHandler}.
 *
 * @example
 * tenancyErrorHandler({ log: (error, mapped) => mapped.serverFault && logger.error(error) });
 */
export interface TenancyErrorHandlerOptions {
  /** Called with every error and its mapping before the answer is sent (log 5xx with their diagnostics here). */
  log?: (error: unknown, mapped: HttpErrorResponse, req: Request) => void;
}

/**
 * Express error handler (mount it last): answers every error with `toHttpError`'s status and JSON
 * body `{ error: { code, message } }` — library codes, driver errors (invalid UUID 400, unique
 * 409, foreign key 422/409, check 422) and anything else as a generic 500. Nothing of another
 * tenant, no SQL and no stack reaches the client. When headers were already sent it hands the error
 * to Express's default handler (which closes the connection).
 *
 * @example
 * app.use(tenancyErrorHandler({ log: (error, { serverFault }) => serverFault && console.error(error) }));
 */
export function tenancyErrorHandler(options: TenancyErrorHandlerOptions = {}): ErrorRequestHandler {
  // Four parameters: Express recognises error handlers by their arity.
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const mapped = toHttpError(error);
    options.log?.(error, mapped, req);
    res.status(mapped.status).json(mapped.body);
  };
}
