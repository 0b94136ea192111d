import type { TenancyErrorCode } from '../errors';

/**
 * How each library error answers over HTTP. `expose: true` sends the error's own code and message
 * (`TenancyError.toJSON()` is safe); otherwise `body` replaces them. A `Record` over every
 * `TenancyErrorCode`, so a new code does not compile until it is placed here (and in docs/http.md).
 *
 * @example
 * LIBRARY_ERROR_STATUSES.TENANT_MISMATCH.status; // 404
 */
export const LIBRARY_ERROR_STATUSES: Readonly<Record<TenancyErrorCode, { status: number; expose: boolean; body?: { code: string; message: string } }>> = Object.freeze({
  // The request itself is wrong: the client can fix it.
  TENANT_UNRESOLVED: { status: 400, expose: true },
  TENANT_ID_INVALID: { status: 400, expose: true },
  ACTOR_ID_INVALID: { status: 400, expose: true },
  UUID_INVALID: { status: 400, expose: true },
  ENTITY_NOT_OBJECT: { status: 400, expose: true },
  ENTITY_KEY_UNSAFE: { status: 400, expose: true },
  ENTITY_INVALID: { status: 422, expose: true },
  TENANT_UNKNOWN: { status: 404, expose: true },
  TENANT_INACTIVE: { status: 403, expose: true },
  // Another tenant's row: answered exactly like a row that does not exist.
  TENANT_MISMATCH: { status: 404, expose: false, body: { code: 'NOT_FOUND', message: 'Not found.' } },
  TENANT_POLICY_VIOLATION: { status: 404, expose: false, body: { code: 'NOT_FOUND', message: 'Not found.' } },
  // Server-side faults: the client can do nothing about them (the app logs them).
  TENANT_MISSING: { status: 500, expose: false },
  QUERY_UNSCOPABLE: { status: 500, expose: false },
  UUID_CLOCK_ROLLBACK: { status: 500, expose: false },
  TENANCY_SETUP_UNSUPPORTED: { status: 500, expose: false },
  SCHEMA_DEFINITION_MISMATCH: { status: 500, expose: false },
  EMBEDDED_DATABASE_MISSING: { status: 500, expose: false },
  JOB_CONTEXT_MISSING: { status: 500, expose: false },
  JOB_CONTEXT_INVALID: { status: 500, expose: false },
  TABLE_HOLDS_ROWS: { status: 500, expose: false },
  TABLE_ROWS_UNCOUNTABLE: { status: 500, expose: false },
  MIGRATION_TRANSACTION_ACTIVE: { status: 500, expose: false },
  LINT_SCRATCH_DATABASE: { status: 500, expose: false },
  SYSTEM_ACCESS_UNAVAILABLE: { status: 500, expose: false },
  // Test helpers' errors (typeorm-tenancy/testing) never reach a server; mapped for completeness.
  TEST_ROWS_OUTSIDE_TENANT: { status: 500, expose: false },
  TEST_CONTEXT_LEAK: { status: 500, expose: false },
});
