import { RowLevelSecurityError } from '../../errors/row-level-security-error';
import { TenancySetupError } from '../../errors/tenancy-setup-error';
import type { PgQuery } from './pg-wire';

// How the tenant session hands results and errors back the way node-postgres would.

/**
 * A row-level-security refusal (SQLSTATE 42501 naming a policy) as {@link RowLevelSecurityError};
 * any other error as it is.
 *
 * @example
 * query.catch((error) => Promise.reject(policyError(error)));
 */
export function policyError(error: unknown): unknown {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.code !== '42501' || !message.includes('row-level security policy')) return error;
  return new RowLevelSecurityError(/for table "([^"]+)"/.exec(message)?.[1], error);
}

/**
 * The promise node-postgres would have returned for `query` (it takes over the query's callback).
 *
 * @example
 * const result = promiseOf(query); client.query(new SettingsQuery(client, query, settings));
 */
export function promiseOf(query: PgQuery): Promise<unknown> {
  return new Promise((resolve, reject) => {
    query.callback = (error, result) => (error ? reject(error) : resolve(result));
  });
}

/**
 * Whether `error` says a prepared statement can no longer run as prepared, before it ran at all:
 * its plan went stale because a column type changed (SQLSTATE 0A000 raised while revalidating the
 * cached plan) or the server no longer has it (26000). Preparing it anew fixes either.
 *
 * @example
 * if (stalePlan(error)) names.retire(text);
 */
export function stalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; routine?: unknown } | null;
  if (e?.code === '26000') return true;
  // 0A000 is "feature not supported" in general: only the plan cache's own check counts.
  return e?.code === '0A000' && (e.routine === undefined || e.routine === 'RevalidateCachedQuery');
}

/**
 * The settings could not switch to a wall role: the role does not exist (the bundled migrations,
 * which create it, have not run on this server) or the login role is no member of it (not made
 * with `app-role`). As {@link TenancySetupError}, saying what to run; any other error as it is.
 *
 * @example
 * query.handleError(wallRoleError(error));
 */
export function wallRoleError(error: unknown): unknown {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  const missing = e?.code === '22023' && /^role "tenancy_(tenant|system)" does not exist/.test(message);
  const denied = e?.code === '42501' && /^permission denied to set role "tenancy_(tenant|system)"/.test(message);
  if (!missing && !denied) return error;
  return new TenancySetupError(
    `the database wall's roles (${missing ? 'missing on this server' : 'not granted to the role you connect as'})`,
    'Run the bundled migrations as the owner (0099 creates tenancy_tenant and tenancy_system), then typeorm-tenancy app-role ' +
      'for the role the application connects as; or pass rowLevelSecurity: false. Nothing was run.',
  );
}
