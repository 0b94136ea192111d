import { TenancyError } from '../errors/tenancy-error';

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

/** The request names no tenant, or a malformed one, or a malformed id: the client's to fix. */
const BAD_REQUEST = new Set(['TENANT_MISSING', 'TENANT_ID_INVALID', 'ACTOR_ID_INVALID', 'UUID_INVALID', 'ENTITY_NOT_OBJECT', 'ENTITY_KEY_UNSAFE']);
/** Another tenant's row: answered exactly like a row that does not exist (no existence oracle). */
const NOT_FOUND = new Set(['TENANT_MISMATCH', 'TENANT_POLICY_VIOLATION']);
/** Nest's own `new NotFoundException().getResponse()`, so both 404s look the same. */
const NOT_FOUND_BODY = { statusCode: 404, message: 'Not Found' };

const UNIQUE = new Set(['23505', 'ER_DUP_ENTRY', 1062]);
const FOREIGN_KEY = new Set(['23503', 'ER_NO_REFERENCED_ROW_2', 'ER_NO_REFERENCED_ROW', 1452, 1216]);
const INVALID_TEXT = new Set(['22P02']);

function driverCode(error: unknown): unknown[] {
  const driver = (error as { driverError?: { code?: unknown; errno?: unknown } }).driverError;
  return driver ? [driver.code, driver.errno] : [];
}

/**
 * Maps a library error (or a TypeORM `QueryFailedError` carrying one, or a common driver error)
 * to an HTTP status and a body that names nothing of another tenant; `undefined` for anything
 * else (left to Nest: `HttpException`s keep their status, the rest is a generic 500).
 *
 * - 400 `TENANT_MISSING`, `TENANT_ID_INVALID`, `ACTOR_ID_INVALID`, `UUID_INVALID`, `ENTITY_NOT_OBJECT`,
 *   `ENTITY_KEY_UNSAFE`; PostgreSQL `22P02` (a non-UUID id reached SQL) as `INVALID_INPUT`.
 * - 404 `TENANT_MISMATCH`, `TENANT_POLICY_VIOLATION`: the body is Nest's plain 404, no code, no ids.
 * - 409 unique violations (`UNIQUE_VIOLATION`) and foreign-key violations (`REFERENCE_VIOLATION`),
 *   without the driver's detail (which quotes key values).
 * - 422 `ENTITY_INVALID` with `failures` (property and constraint messages).
 * - every other library code (setup, unscopable query, clock rollback …): `undefined` → 500.
 *
 * @example
 * const mapped = tenancyHttpError(error);
 * if (mapped) res.status(mapped.status).json(mapped.body);
 */
export function tenancyHttpError(error: unknown): TenancyHttpError | undefined {
  const driver = (error as { driverError?: unknown } | null)?.driverError;
  const tenancy = error instanceof TenancyError ? error : driver instanceof TenancyError ? driver : undefined;
  if (tenancy) {
    if (BAD_REQUEST.has(tenancy.code)) return { status: 400, body: { statusCode: 400, code: tenancy.code, message: tenancy.message } };
    if (NOT_FOUND.has(tenancy.code)) return { status: 404, body: { ...NOT_FOUND_BODY } };
    if (tenancy.code === 'ENTITY_INVALID') {
      const failures = (tenancy as TenancyError & { failures?: unknown }).failures;
      return { status: 422, body: { statusCode: 422, code: tenancy.code, message: tenancy.message, failures } };
    }
    return undefined;
  }
  if (error === null || typeof error !== 'object') return undefined;
  const codes = driverCode(error);
  if (codes.some((c) => UNIQUE.has(c as string))) {
    return { status: 409, body: { statusCode: 409, code: 'UNIQUE_VIOLATION', message: 'A row with the same unique value already exists.' } };
  }
  if (codes.some((c) => FOREIGN_KEY.has(c as string))) {
    return { status: 409, body: { statusCode: 409, code: 'REFERENCE_VIOLATION', message: 'The row refers to a row that does not exist.' } };
  }
  if (codes.some((c) => INVALID_TEXT.has(c as string))) {
    return { status: 400, body: { statusCode: 400, code: 'INVALID_INPUT', message: 'A value has the wrong format (an id that is not a UUID?).' } };
  }
  return undefined;
}
