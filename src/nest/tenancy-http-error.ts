import { TenancyError } from '../errors/tenancy-error';
import { driverErrorStatus } from '../http/driver-error-status';
import { toHttpError } from '../http/to-http-error';

/**
 * What `TenancyExceptionFilter` sends for an error it knows: the status and a JSON body.
 *
 * @example
 * const mapped: TenancyHttpError | undefined = tenancyHttpError(error); // { status: 404, body: { statusCode: 404, message: 'Not Found' } }
 */
export interface TenancyHttpError {
  readonly status: number;
  readonly body: { statusCode: number; message: string; code?: string; failures?: unknown };
}

/** Nest's own `new NotFoundException().getResponse()`, so both 404s look the same. */
const NOT_FOUND_BODY = { statusCode: 404, message: 'Not Found' };

/**
 * Maps a library error (or a TypeORM `QueryFailedError` carrying one, or a common driver error)
 * to an HTTP status and a Nest-style body that names nothing of another tenant; `undefined` for
 * anything else (left to Nest: `HttpException`s keep their status, the rest is a generic 500).
 * The statuses and codes are the shared table of `toHttpError` (docs/http.md), the same for
 * Express, Fastify and Nest; only the body takes Nest's shape (`statusCode`, `message`, `code`):
 * - 400 `TENANT_UNRESOLVED`, `TENANT_ID_INVALID`, `ACTOR_ID_INVALID`, `UUID_INVALID`, … and
 *   driver input errors (`INVALID_INPUT`: e.g. a non-UUID id that reached PostgreSQL);
 * - 404 `TENANT_MISMATCH`, `TENANT_POLICY_VIOLATION`: Nest's plain 404 body, no code, no ids;
 * - 409 `CONFLICT` (unique) and `STILL_REFERENCED`; 422 `ENTITY_INVALID` (with `failures`),
 *   `REFERENCE_NOT_FOUND`, `CONSTRAINT_VIOLATION`, without the driver's detail;
 * - server faults (setup errors, `TENANT_MISSING` from code that ran outside a tenant, …): `undefined` → 500.
 *
 * @example
 * const mapped = tenancyHttpError(error);
 * if (mapped) res.status(mapped.status).json(mapped.body);
 */
export function tenancyHttpError(error: unknown): TenancyHttpError | undefined {
  const driver = (error as { driverError?: unknown } | null)?.driverError;
  const library = error instanceof TenancyError ? error : driver instanceof TenancyError ? driver : undefined;
  if (!library && !driverErrorStatus(error)) return undefined;
  const mapped = toHttpError(error);
  if (mapped.serverFault) return undefined;
  const { code, message } = mapped.body.error;
  if (code === 'NOT_FOUND') return { status: 404, body: { ...NOT_FOUND_BODY } };
  const failures = library?.code === 'ENTITY_INVALID' ? (library as TenancyError & { failures?: unknown }).failures : undefined;
  return { status: mapped.status, body: { statusCode: mapped.status, code, message, ...(failures === undefined ? {} : { failures }) } };
}
