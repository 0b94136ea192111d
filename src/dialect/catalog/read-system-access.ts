import type { QueryRunner } from 'typeorm';
import { PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEY_SETTING, SYSTEM_KEYS_TABLE } from '../postgres-rls';
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
  /** Whether this session has system access right now (after `key`, if one was given). */
  active: boolean;
}

/**
 * Reads the system bypass of the wall; `null` on the MySQL family. With `key`, first sets the
 * session's system key for the current transaction only (`set_config(…, true)`; call it inside
 * one), so `active` says whether that key unlocks every tenant's rows.
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
            EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $2 AND c.relname = $3) AS keys, COALESCE(has_function_privilege(current_user, p.oid, 'EXECUTE'), false) AS callable
     FROM (SELECT 1) one LEFT JOIN pg_proc p ON p.oid = to_regprocedure($1)`,
    [`${SYSTEM_ACCESS_FUNCTION}()`, PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE],
  );
  const functionExists = Boolean(info.exists);
  if (key) await runner.query('SELECT set_config($1, $2, true)', [SYSTEM_KEY_SETTING, key]);
  // Called only when it exists and may be called: an error would abort the caller's transaction.
  const active = Boolean(info.callable) && Boolean((await catalogQuery(runner, `SELECT ${SYSTEM_ACCESS_FUNCTION}() AS active`))[0].active);
  return { functionExists, securityDefiner: Boolean(info.definer), searchPathPinned: Boolean(info.pinned), keysTableExists: Boolean(info.keys), active };
}
