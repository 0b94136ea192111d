/** Stable machine-readable codes of every error this library throws. */
export type TenancyErrorCode =
  | 'TENANT_MISSING'
  | 'TENANT_MISMATCH'
  | 'TENANT_ID_INVALID'
  | 'ACTOR_ID_INVALID'
  | 'ENTITY_INVALID'
  | 'QUERY_UNSCOPABLE'
  | 'UUID_INVALID'
  | 'UUID_CLOCK_ROLLBACK'
  | 'TENANT_POLICY_VIOLATION'
  | 'TENANCY_SETUP_UNSUPPORTED'
  | 'EMBEDDED_DATABASE_MISSING';

/**
 * Base class of every error thrown by typeorm-tenancy. Branch on `code`, which never changes
 * between versions; the message is for humans and says how to fix the call.
 *
 * @example
 * try {
 *   await repo.save(entity);
 * } catch (error) {
 *   if (error instanceof TenancyError && error.code === 'TENANT_MISSING') reply(401);
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
}
