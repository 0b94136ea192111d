import type { QueryRunner } from 'typeorm';
import { catalogQuery } from './catalog/catalog-source';
import { SYSTEM_ACCESS_FUNCTION, SYSTEM_KEY_SETTING, SYSTEM_ROLE } from './postgres-rls';

/**
 * What decides how a connection gets system access on PostgreSQL: whether the wall is installed in
 * this database at all, whether the role bypasses it, whether it may enter `tenancy_system`, and
 * the role setting to put back afterwards.
 *
 * @example
 * const { bypass, wallInstalled, member } = await readSystemAccessStanding(queryRunner);
 */
export interface SystemAccessStanding {
  /** `current_user`. */
  role: string;
  /** Superuser or BYPASSRLS: row-level security does not apply to it. */
  bypass: boolean;
  /** `tenancy_system_access()` exists (migration 0099 ran here): without it there is no wall to pass. */
  wallInstalled: boolean;
  /** It is a member of `tenancy_system` (may `set_config('role', 'tenancy_system', true)`). */
  member: boolean;
  /** `current_setting('role')` now (`none`: the login role), restored after the system work. */
  roleSetting: string;
}

/**
 * Reads the {@link SystemAccessStanding} of the query runner's connection, in one catalog query.
 *
 * @example
 * const standing = await readSystemAccessStanding(queryRunner);
 * if (standing.bypass) await fn(); // superuser or BYPASSRLS: sees every row anyway
 */
export async function readSystemAccessStanding(runner: QueryRunner): Promise<SystemAccessStanding> {
  const [row] = await catalogQuery(
    runner,
    `SELECT current_user AS role, r.rolsuper OR r.rolbypassrls AS bypass, to_regprocedure($1) IS NOT NULL AS wall,
            EXISTS (SELECT FROM pg_roles s WHERE s.rolname = $2 AND pg_has_role(current_user, s.oid, 'MEMBER')) AS member,
            current_setting('role') AS role_setting
     FROM pg_roles r WHERE r.rolname = current_user`,
    [`${SYSTEM_ACCESS_FUNCTION}()`, SYSTEM_ROLE],
  );
  return {
    role: String(row.role),
    bypass: Boolean(row.bypass),
    wallInstalled: Boolean(row.wall),
    member: Boolean(row.member),
    roleSetting: String(row.role_setting),
  };
}

/**
 * Enters `tenancy_system` with `key` for the rest of the current transaction: the statement and
 * its bound values, for the driver client directly (never through TypeORM's logger, which would
 * print the key among the parameters).
 *
 * @example
 * const { text, values } = enterSystemAccess(key); await pgClient.query(text, values);
 */
export const enterSystemAccess = (key: string): { text: string; values: string[] } => ({
  text: `SELECT set_config('role', $1, true), set_config($2, $3, true)`,
  values: [SYSTEM_ROLE, SYSTEM_KEY_SETTING, key],
});

/**
 * Whether this transaction has system access now (a registered key, as `tenancy_system`).
 *
 * @example
 * const [{ active }] = await queryRunner.query(SYSTEM_ACCESS_ACTIVE_SQL);
 */
export const SYSTEM_ACCESS_ACTIVE_SQL = `SELECT ${SYSTEM_ACCESS_FUNCTION}() AS active`;

/**
 * Leaves system access inside the transaction: the role back to `roleSetting`, the key cleared.
 *
 * @example
 * const [sql, parameters] = leaveSystemAccess(standing.roleSetting); await queryRunner.query(sql, parameters);
 */
export const leaveSystemAccess = (roleSetting: string): [string, string[]] => [
  `SELECT set_config('role', $1, true), set_config($2, '', true)`,
  [roleSetting, SYSTEM_KEY_SETTING],
];
