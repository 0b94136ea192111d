import type { FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError, type HttpErrorResponse } from '../http/to-http-error';

/**
 * Options of {@link tenancyErrorHandler}.
 *
 * @example
 * app.setErrorHandler(tenancyErrorHandler({ log: (error, mapped, request) => mapped.serverFault && request.log.error(error) }));
 */
export interface TenancyErrorHandlerOptions {
  /** Called with every error and its mapping before the answer is sent (log 5xx here). */
  log?: (error: unknown, mapped: HttpErrorResponse, request: FastifyRequest) => void;
}

/**
 * Fastify error handler (`app.setErrorHandler(tenancyErrorHandler())`): answers with `toHttpError`'s
 * status and JSON body `{ error: { code, message } }`. Fastify's own 4xx errors (invalid JSON,
 * schema validation, 413, 415) keep their status and code; unknown errors become a generic 500.
 *
 * @example
 * app.setErrorHandler(tenancyErrorHandler());
 */
export function tenancyErrorHandler(options: TenancyErrorHandlerOptions = {}): (error: unknown, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  return (error, request, reply) => {
    const mapped = toHttpError(error);
    options.log?.(error, mapped, request);
    return reply.status(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
  };
}
