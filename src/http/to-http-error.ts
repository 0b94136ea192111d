import { TenancyError } from '../errors';
import { driverErrorStatus } from './driver-error-status';
import { LIBRARY_ERROR_STATUSES } from './library-error-statuses';

/**
 * The JSON body of an error response: `{ error: { code, message } }`. It never holds another
 * tenant's id, SQL, bound values or a stack.
 *
 * @example
 * const body: HttpErrorBody = { error: { code: 'TENANT_UNRESOLVED', message: 'The request names no tenant. …' } };
 */
export interface HttpErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/**
 * An error as an HTTP answer, plus what to log. `reason` is the original code (library code,
 * `SQLSTATE 23505`, `errno 1062`, the framework's code, or `UNKNOWN`); `serverFault` is true for
 * 5xx (log the error with its diagnostics — the body hides them).
 *
 * @example
 * const { status, body, serverFault } = toHttpError(error);
 * if (serverFault) logger.error(error);
 * res.status(status).json(body);
 */
export interface HttpErrorResponse {
  readonly status: number;
  readonly body: HttpErrorBody;
  readonly reason: string;
  readonly serverFault: boolean;
}

const INTERNAL = { code: 'INTERNAL_ERROR', message: 'Internal server error.' };

const response = (status: number, code: string, message: string, reason: string): HttpErrorResponse => ({
  status,
  body: { error: { code, message } },
  reason,
  serverFault: status >= 500,
});

/** An error a framework or body parser already gave a 4xx status (malformed JSON, 413, 415, schema validation). */
function clientErrorOfFramework(error: object): HttpErrorResponse | undefined {
  const { status, statusCode, code, message, expose, validation } = error as Record<string, unknown>;
  const value = typeof statusCode === 'number' ? statusCode : status;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 499) return undefined;
  const safeCode = typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'BAD_REQUEST';
  // http-errors marks safe messages `expose`; Fastify's own errors (FST_ERR_*) and schema validation are safe.
  const safe = expose === true || validation !== undefined || (typeof code === 'string' && code.startsWith('FST_ERR_'));
  const text = safe && typeof message === 'string' ? message.slice(0, 500) : 'The request could not be processed.';
  return response(value, safeCode, text, typeof code === 'string' ? code : `HTTP ${value}`);
}

/**
 * Maps any error to an HTTP status and a safe JSON body; the one mapping both integrations use.
 *
 * - Library errors (`TenancyError`, also wrapped as a `QueryFailedError`'s `driverError`): by code,
 *   see {@link LIBRARY_ERROR_STATUSES} (the table is in docs/http.md). `TENANT_MISMATCH` and
 *   `TENANT_POLICY_VIOLATION` become `404 NOT_FOUND`, the same body as a row that does not exist.
 * - Driver errors: invalid input (22P02, errno 1292/1366) 400, unique (23505/1062) 409, missing
 *   parent (23503 insert/update, 1452) 422, still referenced (23503 delete, 1451) 409, check and
 *   not-null (23514/3819/4025, 23502/1048) 422 — generic messages only.
 * - An error with a 4xx `status`/`statusCode` (body parsers, Fastify): kept.
 * - Anything else: `500 INTERNAL_ERROR`, generic.
 *
 * @example
 * app.use((error, req, res, next) => {
 *   const { status, body } = toHttpError(error);
 *   res.status(status).json(body);
 * });
 */
export function toHttpError(error: unknown): HttpErrorResponse {
  const wrapped = (error as { driverError?: unknown } | null)?.driverError;
  const library = error instanceof TenancyError ? error : wrapped instanceof TenancyError ? wrapped : undefined;
  if (library) {
    const rule = LIBRARY_ERROR_STATUSES[library.code] ?? { status: 500, expose: false };
    const body = rule.expose ? { code: library.code, message: library.message } : (rule.body ?? INTERNAL);
    return response(rule.status, body.code, body.message, library.code);
  }
  const driver = driverErrorStatus(error);
  if (driver) return response(driver.status, driver.code, driver.message, driver.reason);
  const framework = error !== null && typeof error === 'object' ? clientErrorOfFramework(error) : undefined;
  return framework ?? response(500, INTERNAL.code, INTERNAL.message, 'UNKNOWN');
}
