import type { QueryRunner } from 'typeorm';
import { PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEY_SETTING, SYSTEM_KEYS_TABLE, SYSTEM_ROLE } from '../postgres-rls';
import { catalogQuery, familyOf } from './catalog-source';

/** The system bypass of the row-level-security wall as it is installed (migration 0099) and as this session sees it. */
export interface SystemAccessInfo {
  /** `tenancy_system_access()` exists in the current schema. */
  functionExists: boolean;
  /** It runs as its owner, so it can read key hashes the caller cannot. */
  securityDefiner: boolean;
  /** Its `search_path` is pinned, so a caller cannot shadow what it calls. */
  searchPathPinned: boolean;
  /** `tenancy_private.system_keys` exists. */
  keysTableExists: boolean;
  /** PUBLIC may execute it: any role, the application role as itself included, can probe keys with it. */
  publicExecute: boolean;
  /** Whether this session has system access right now (after `key`, if one was given). */
  active: boolean;
}

/**
 * Reads the system bypass of the wall; `null` on the MySQL family. With `key`, first sets the
 * session's system key for the current transaction only (`set_config(…, true)`; call it inside
 * one). With a key (that one, or one a settings layer set before) and where the connecting role
 * may (a member of `tenancy_system`, not a superuser), it also switches to the role
 * `tenancy_system`, so `active` says whether the key unlocks every tenant's rows; the rest of the
 * transaction then runs as that role.
 *
 * @example
 * await runner.startTransaction();
 * const access = await readSystemAccess(runner, process.env.TENANCY_SYSTEM_KEY);
 * access?.active; // true when the key is registered
 */
export async function readSystemAccess(runner: QueryRunner, key?: string): Promise<SystemAccessInfo | null> {
  if (familyOf(runner) !== 'postgres') return null;
  const [info] = await catalogQuery(
    runner,
    `SELECT p.oid IS NOT NULL AS exists, COALESCE(p.prosecdef, false) AS definer,
            COALESCE(EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%'), false) AS pinned,
            EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $2 AND c.relname = $3) AS keys,
            COALESCE(has_function_privilege('public', p.oid, 'EXECUTE'), false) AS public_execute,
            EXISTS (SELECT FROM pg_roles r WHERE r.rolname = $4 AND pg_has_role(current_user, r.oid, 'MEMBER'))
              AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS can_switch
     FROM (SELECT 1) one LEFT JOIN pg_proc p ON p.oid = to_regprocedure($1)`,
    [`${SYSTEM_ACCESS_FUNCTION}()`, PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE, SYSTEM_ROLE],
  );
  const functionExists = Boolean(info.exists);
  if (key) await runner.query('SELECT set_config($1, $2, true)', [SYSTEM_KEY_SETTING, key]);
  // A key set here, or by a settings layer before (only this role's policy reads it).
  const [{ keyed }] = await catalogQuery(runner, `SELECT coalesce(current_setting($1, true), '') <> '' AS keyed`, [SYSTEM_KEY_SETTING]);
  if (keyed && info.can_switch) await runner.query(`SELECT set_config('role', $1, true)`, [SYSTEM_ROLE]);
  // Called only when it exists and may be called: an error would abort the caller's transaction.
  const [{ callable }] = await catalogQuery(runner, `SELECT COALESCE(has_function_privilege(current_user, to_regprocedure($1), 'EXECUTE'), false) AS callable`, [`${SYSTEM_ACCESS_FUNCTION}()`]);
  const active = Boolean(callable) && Boolean((await catalogQuery(runner, `SELECT ${SYSTEM_ACCESS_FUNCTION}() AS active`))[0].active);
  return {
    functionExists,
    securityDefiner: Boolean(info.definer),
    searchPathPinned: Boolean(info.pinned),
    keysTableExists: Boolean(info.keys),
    publicExecute: Boolean(info.public_execute),
    active,
  };
}
