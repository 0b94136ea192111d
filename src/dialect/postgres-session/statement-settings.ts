import { currentScope } from '../../tenancy/current-tenant';
import { SYSTEM_KEY_SETTING, SYSTEM_ROLE, TENANT_ROLE, TENANT_SETTING } from '../postgres-rls';

/**
 * The database settings one statement runs with, taken from the async context that issued it:
 * the role whose policy applies (`null`: leave the login role), the tenant and the system key
 * (`''` when absent). Always set transaction-locally, in the statement's own transaction.
 */
export interface StatementSettings {
  readonly role: string | null;
  readonly tenant: string;
  readonly key: string;
  /** Inside `withoutTenantScope` with no key configured: refused under the application role (see `KEYLESS_SYSTEM_PROBE`). */
  readonly keylessSystem?: true;
}

/** Outside any context: no tenant, no key, the login role (which no policy admits). */
export const NO_SETTINGS: StatementSettings = Object.freeze({ role: null, tenant: '', key: '' });

/**
 * Inside `withoutTenantScope` without a configured key: the same as {@link NO_SETTINGS} (the login
 * role, which no policy admits), marked so that the statement is refused under the application
 * role instead of silently reading nothing; owners and bypassing roles go on as before.
 *
 * @example
 * withoutTenantScope(() => settingsOfContext(null)) === KEYLESS_SYSTEM_SETTINGS; // true
 */
export const KEYLESS_SYSTEM_SETTINGS: StatementSettings = Object.freeze({ role: null, tenant: '', key: '', keylessSystem: true });

/**
 * The settings for a statement issued now: inside `withTenant` the tenant role and id; inside
 * `withoutTenantScope` the system role and key when a key is configured (without one,
 * {@link KEYLESS_SYSTEM_SETTINGS}); else {@link NO_SETTINGS}.
 *
 * @example
 * withTenant(t, () => settingsOfContext(null)); // { role: 'tenancy_tenant', tenant: t, key: '' }
 */
export function settingsOfContext(systemKey: string | null): StatementSettings {
  const scope = currentScope();
  if (scope?.kind === 'tenant') return { role: TENANT_ROLE, tenant: scope.tenantId, key: '' };
  if (scope?.kind === 'system') return systemKey ? { role: SYSTEM_ROLE, tenant: '', key: systemKey } : KEYLESS_SYSTEM_SETTINGS;
  return NO_SETTINGS;
}

/** Whether `settings` carry nothing (no tenant, no key, no role). */
export const isEmpty = (settings: StatementSettings): boolean => settings.role === null && settings.tenant === '' && settings.key === '';

/** A tenant id that goes into SQL text as a literal must be a canonical UUID (it cannot break out of the quotes). */
function assertLiteralTenant(settings: StatementSettings): void {
  if (settings.tenant !== '' && !UUID_TEXT.test(settings.tenant)) throw new TypeError('typeorm-tenancy: tenant id is not a canonical UUID');
}

/**
 * The settings as one extended-protocol statement with bound values (the system key never
 * appears in SQL text, so `pg_stat_activity` and statement logs do not show it), in the same
 * pipeline as the statement it precedes. Unnamed (no server-side state, safe behind poolers),
 * or, where the connection names statements, prepared once per connection under its own name.
 * A SELECT, so it takes the transaction snapshot: never sent in front of `SET TRANSACTION`.
 *
 * @example
 * boundSettings({ role: 'tenancy_tenant', tenant: t, key: '' });
 * // { text: "SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true), …", values: ['tenancy_tenant', t, ''] }
 */
export function boundSettings(settings: StatementSettings): { text: string; values: string[] } {
  const tail = `set_config('${TENANT_SETTING}', $2, true), set_config('${SYSTEM_KEY_SETTING}', $3, true)`;
  // No role: the login role stays (set_config('role', 'none') would undo a role the app set itself).
  if (settings.role === null) return { text: `SELECT ${tail.replace('$2', '$1').replace('$3', '$2')}`, values: [settings.tenant, settings.key] };
  return { text: `SELECT set_config('role', $1, true), ${tail}`, values: [settings.role, settings.tenant, settings.key] };
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The settings as `SET LOCAL` statements to put in front of a simple-protocol text, in the same
 * message (one implicit transaction; snapshot-free, so `SET TRANSACTION` may follow; the form
 * Citus propagates to its workers). Only without a system key, which must not appear in SQL
 * text: null then. The tenant id is a validated canonical UUID and the role one of ours, so the
 * literals cannot break out (checked again here).
 *
 * @example
 * textSettings({ role: 'tenancy_tenant', tenant: t, key: '' });
 * // "SET LOCAL role TO tenancy_tenant; SET LOCAL app.tenant_id TO '…'; SET LOCAL app.tenant_system_key TO ''; "
 */
export function textSettings(settings: StatementSettings): { text: string; statements: number } | null {
  if (settings.key !== '') return null;
  assertLiteralTenant(settings);
  if (settings.role !== null && settings.role !== TENANT_ROLE) return null;
  const role = settings.role === null ? '' : `SET LOCAL role TO ${settings.role}; `;
  const text = `${role}SET LOCAL ${TENANT_SETTING} TO '${settings.tenant}'; SET LOCAL ${SYSTEM_KEY_SETTING} TO ''; `;
  return { text, statements: settings.role === null ? 2 : 3 };
}

/** The Citus switch that forwards `SET LOCAL` to the worker nodes; must come before the settings. */
export const CITUS_PROPAGATION = "SET LOCAL citus.propagate_set_commands = 'local'";

/**
 * The settings as separate `SET LOCAL` statements after {@link CITUS_PROPAGATION}: the form Citus
 * forwards to its workers (it forwards a SET's whole query string, so each must be a statement of
 * its own). Values are SQL literals: the tenant a canonical UUID (checked), the key quoted. On
 * plain PostgreSQL the switch is an unknown placeholder setting and does nothing.
 *
 * @example
 * localSettings({ role: 'tenancy_tenant', tenant: t, key: '' });
 * // ["SET LOCAL citus.propagate_set_commands = 'local'", 'SET LOCAL role tenancy_tenant', "SET LOCAL app.tenant_id = '…'", "SET LOCAL app.tenant_system_key = ''"]
 */
export function localSettings(settings: StatementSettings): string[] {
  assertLiteralTenant(settings);
  if (settings.role !== null && settings.role !== TENANT_ROLE && settings.role !== SYSTEM_ROLE) throw new TypeError('typeorm-tenancy: unknown wall role');
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  return [
    CITUS_PROPAGATION,
    ...(settings.role === null ? [] : [`SET LOCAL role ${settings.role}`]),
    `SET LOCAL ${TENANT_SETTING} = ${literal(settings.tenant)}`,
    `SET LOCAL ${SYSTEM_KEY_SETTING} = ${literal(settings.key)}`,
  ];
}

/**
 * Exactly one statement (no `;` but a trailing one) that reads no table rows: transaction control
 * (and `SET TRANSACTION` must come before any statement that takes a snapshot), `DISCARD`,
 * `DEALLOCATE`, and what refuses to run inside a transaction block (`VACUUM`, `… CONCURRENTLY`).
 * It is sent without settings: outside a transaction that is exactly how a statement with no
 * context runs. Anything else (several statements, a leading comment) gets the settings.
 *
 * @example
 * needsNoSettings('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'); // true
 * needsNoSettings('COMMIT; SELECT 1');                              // false
 */
export function needsNoSettings(text: string): boolean {
  if (!SINGLE.test(text)) return false;
  return CONTROL.test(text) || /^\s*(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i.test(text) || /^\s*REINDEX\b.*\bCONCURRENTLY\b/i.test(text);
}

const SINGLE = /^[^;]*;?\s*$/;
const CONTROL =
  /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET\s+TRANSACTION|SET\s+SESSION\s+CHARACTERISTICS|PREPARE\s+TRANSACTION|DISCARD|DEALLOCATE|VACUUM)\b/i;
