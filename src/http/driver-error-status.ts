/**
 * What a database error means to an HTTP client, by PostgreSQL SQLSTATE or MySQL/MariaDB errno.
 * Messages are generic: the driver's text quotes SQL, constraint names and key values (tenant ids
 * among them), so none of it is sent.
 *
 * @example
 * driverErrorStatus({ code: '23505' }); // { status: 409, code: 'CONFLICT', … }
 */
export interface DriverErrorStatus {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The SQLSTATE or errno it was recognised by, for logs. */
  readonly reason: string;
}

const INVALID_INPUT = { status: 400, code: 'INVALID_INPUT', message: 'A value in the request has the wrong format (for example an id that is not a UUID).' };
const CONFLICT = { status: 409, code: 'CONFLICT', message: 'A resource with these unique values already exists.' };
const REFERENCE_MISSING = { status: 422, code: 'REFERENCE_NOT_FOUND', message: 'A resource this request refers to does not exist.' };
const STILL_REFERENCED = { status: 409, code: 'STILL_REFERENCED', message: 'The resource is still referenced by other resources.' };
const CONSTRAINT = { status: 422, code: 'CONSTRAINT_VIOLATION', message: 'A value breaks a rule of the data model (required, too long, or out of range).' };

/** PostgreSQL SQLSTATE → answer (23503 is split by the driver's message: see below). */
const SQLSTATE: Record<string, Omit<DriverErrorStatus, 'reason'>> = {
  '22P02': INVALID_INPUT, // invalid text representation (e.g. 'abc'::uuid)
  '22007': INVALID_INPUT, // invalid datetime format
  '22008': INVALID_INPUT, // datetime field overflow
  '22003': CONSTRAINT, // numeric value out of range
  '22001': CONSTRAINT, // string data right truncation
  '23502': CONSTRAINT, // not null violation
  '23505': CONFLICT,
  '23514': CONSTRAINT, // check violation
  '23P01': CONFLICT, // exclusion violation
};

/** MySQL / MariaDB errno → answer. */
const ERRNO: Record<number, Omit<DriverErrorStatus, 'reason'>> = {
  1062: CONFLICT, // ER_DUP_ENTRY
  1452: REFERENCE_MISSING, // ER_NO_REFERENCED_ROW_2: insert/update of a child without its parent
  1216: REFERENCE_MISSING, // ER_NO_REFERENCED_ROW
  1451: STILL_REFERENCED, // ER_ROW_IS_REFERENCED_2: delete/update of a parent with children
  1217: STILL_REFERENCED, // ER_ROW_IS_REFERENCED
  3819: CONSTRAINT, // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
  4025: CONSTRAINT, // ER_CONSTRAINT_FAILED (MariaDB)
  1048: CONSTRAINT, // ER_BAD_NULL_ERROR
  1406: CONSTRAINT, // ER_DATA_TOO_LONG
  1264: CONSTRAINT, // ER_WARN_DATA_OUT_OF_RANGE
  1292: INVALID_INPUT, // ER_TRUNCATED_WRONG_VALUE (e.g. 'abc' into a native UUID column on MariaDB)
  1366: INVALID_INPUT, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
};

/**
 * Recognises a driver error (TypeORM's `QueryFailedError`, or the driver's own error) by its
 * SQLSTATE (`code` of node-postgres errors, 5 characters) or errno (`errno` of mysql2 errors).
 * Returns `undefined` for anything else.
 *
 * @example
 * driverErrorStatus(queryFailedError)?.status; // 409 for a duplicate key on either family
 */
export function driverErrorStatus(error: unknown): DriverErrorStatus | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const driver = (error as { driverError?: unknown }).driverError ?? error;
  const { code, errno, sqlState, message } = driver as { code?: unknown; errno?: unknown; sqlState?: unknown; message?: unknown };
  if (typeof errno === 'number' && ERRNO[errno] && (typeof sqlState === 'string' || typeof code === 'string')) return { ...ERRNO[errno], reason: `errno ${errno}` };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code === '23503') {
    // PostgreSQL reports both directions as 23503; the message says which one it is.
    const parentSide = typeof message === 'string' && /^update or delete on table/.test(message);
    return { ...(parentSide ? STILL_REFERENCED : REFERENCE_MISSING), reason: 'SQLSTATE 23503' };
  }
  return SQLSTATE[code] ? { ...SQLSTATE[code], reason: `SQLSTATE ${code}` } : undefined;
}
