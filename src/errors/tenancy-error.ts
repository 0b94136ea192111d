/** Stable machine-readable codes of every error this library throws. */
export type TenancyErrorCode =
  | 'TENANT_MISSING'
  | 'TENANT_MISMATCH'
  | 'TENANT_ID_INVALID'
  | 'ACTOR_ID_INVALID'
  | 'ENTITY_INVALID'
  | 'ENTITY_NOT_OBJECT'
  | 'ENTITY_KEY_UNSAFE'
  | 'QUERY_UNSCOPABLE'
  | 'UUID_INVALID'
  | 'UUID_CLOCK_ROLLBACK'
  | 'TENANT_POLICY_VIOLATION'
  | 'TENANCY_SETUP_UNSUPPORTED'
  | 'SCHEMA_DEFINITION_MISMATCH'
  | 'EMBEDDED_DATABASE_MISSING'
  | 'JOB_CONTEXT_MISSING'
  | 'JOB_CONTEXT_INVALID'
  | 'TABLE_HOLDS_ROWS'
  | 'TABLE_ROWS_UNCOUNTABLE'
  | 'MIGRATION_TRANSACTION_ACTIVE'
  | 'LINT_SCRATCH_DATABASE'
  | 'SYSTEM_ACCESS_UNAVAILABLE'
  | 'TENANT_UNRESOLVED'
  | 'TENANT_UNKNOWN'
  | 'TENANT_INACTIVE'
  | 'TEST_ROWS_OUTSIDE_TENANT'
  | 'TEST_CONTEXT_LEAK';

/**
 * Base class of every error thrown by typeorm-tenancy. Branch on `code`, which never changes
 * between versions; the message is for humans and says how to fix the call.
 *
 * `code` and `message` are safe to return to a client: no message names a tenant other than one
 * the caller gave, nor says what another tenant owns (docs/errors.md). Diagnostic fields that are
 * not (such as `TenantMismatchError.expectedTenantId`) are non-enumerable, so `JSON.stringify`,
 * `util.inspect` and loggers that spread the error leave them out; `toJSON()` gives
 * `{ name, code, message }` only.
 *
 * @example
 * try {
 *   await repo.save(entity);
 * } catch (error) {
 *   if (error instanceof TenancyError && error.code === 'TENANT_MISSING') reply(401, error.toJSON());
 *   else throw error;
 * }
 */
export abstract class TenancyError extends Error {
  /** Stable code, safe to branch on. */
  abstract readonly code: TenancyErrorCode;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** What may be sent to a client: `{ name, code, message }`, never a diagnostic field. */
  toJSON(): { name: string; code: TenancyErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }

  /**
   * Attaches a diagnostic value as a read-only, non-enumerable property: readable by code that
   * asks for it by name (logs on the server), left out of JSON, `util.inspect` and object spread.
   */
  protected diagnostic(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, enumerable: false, writable: false, configurable: false });
  }
}
