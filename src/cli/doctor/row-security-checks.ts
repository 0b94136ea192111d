import { POLICY_NAME, PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEYS_TABLE, SYSTEM_POLICY_NAME, SYSTEM_ROLE, TENANT_ROLE, TENANT_SETTING } from '../../dialect/postgres-rls';
import type { PolicyInfo } from '../../dialect/catalog';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';
import { wallRoleChecks } from './wall-role-checks';

const list = (names: readonly string[], max = 5) => names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length - max} more)` : '');

/**
 * Database-wide checks of the row-level-security wall: the connecting role, the system bypass, the
 * wall roles and temporary tables (PostgreSQL); on the MySQL family one `skip` saying there is no such wall.
 *
 * @example
 * databaseRowSecurityChecks(catalog); // [{ table: null, check: 'connecting-role', status: 'fail', … }, …]
 */
export function databaseRowSecurityChecks(catalog: DoctorCatalog): DoctorCheck[] {
  if (!catalog.rowSecurity || !catalog.role || !catalog.systemAccess) {
    return [
      {
        table: null,
        check: 'row-level-security',
        status: 'skip',
        detail: 'the MySQL family has no row-level security: composite foreign keys and the application layer are the wall (docs/security.md)',
      },
    ];
  }
  const role = catalog.role;
  const behind = new Set([...catalog.tenantTables, catalog.tenantTable]);
  const owned = catalog.rowSecurity.filter((t) => behind.has(t.table) && t.ownedByCurrentUser).map((t) => t.table);
  // An owner may TRUNCATE anyway; say it once, as ownership.
  const truncatable = catalog.rowSecurity.filter((t) => behind.has(t.table) && t.truncatableByCurrentUser && !t.ownedByCurrentUser).map((t) => t.table);
  const reasons = [
    role.superuser ? `${role.name} is a superuser: superusers bypass row-level security even when it is forced` : '',
    role.bypassRls ? `${role.name} has BYPASSRLS: it bypasses every policy (ALTER ROLE ${role.name} NOBYPASSRLS)` : '',
    owned.length
      ? `${role.name} owns (or is a member of the owner of) ${owned.length} table${owned.length === 1 ? '' : 's'} behind the wall (${list(owned)}): ` +
        'an owner can switch row-level security off or drop the policy; connect as an application role that owns nothing'
      : '',
    truncatable.length
      ? `${role.name} may TRUNCATE ${truncatable.length} table${truncatable.length === 1 ? '' : 's'} behind the wall (${list(truncatable)}): ` +
        "TRUNCATE ignores row-level security and empties every tenant's rows (REVOKE TRUNCATE)"
      : '',
    role.systemKeysWritable ? `${role.name} can write ${PRIVATE_SCHEMA}.${SYSTEM_KEYS_TABLE}: it could register a system key of its own and lift the wall` : '',
  ].filter(Boolean);
  const access = catalog.systemAccess;
  const accessProblems = [
    access.functionExists ? '' : `${SYSTEM_ACCESS_FUNCTION}() is missing: the policies call it; run the bundled migrations (0099)`,
    access.functionExists && !access.securityDefiner ? `${SYSTEM_ACCESS_FUNCTION}() is not SECURITY DEFINER: it cannot read the key hashes the application role must not see` : '',
    access.functionExists && !access.searchPathPinned ? `${SYSTEM_ACCESS_FUNCTION}() has no pinned search_path: a caller could shadow what it calls` : '',
    access.keysTableExists ? '' : `${PRIVATE_SCHEMA}.${SYSTEM_KEYS_TABLE} is missing: run the bundled migrations (0099)`,
    access.publicExecute
      ? `PUBLIC may execute ${SYSTEM_ACCESS_FUNCTION}(): only ${SYSTEM_ROLE} should (REVOKE EXECUTE ON FUNCTION ${SYSTEM_ACCESS_FUNCTION}() FROM PUBLIC)`
      : '',
  ].filter(Boolean);
  return [
    {
      table: null,
      check: 'connecting-role',
      status: reasons.length ? 'fail' : 'pass',
      detail: reasons.length ? reasons.join('; ') : `${role.name}: not a superuser, no BYPASSRLS, owns no tenant table, no TRUNCATE, cannot register system keys`,
    },
    {
      table: null,
      check: 'system-access',
      status: accessProblems.length ? 'fail' : 'pass',
      detail: accessProblems.length
        ? accessProblems.join('; ')
        : `${SYSTEM_ACCESS_FUNCTION}() is SECURITY DEFINER with a pinned search_path, not executable by PUBLIC; ` +
          `this run ${access.active ? 'has' : 'has no'} system access`,
    },
    ...wallRoleChecks(catalog),
  ];
}

/** Whether a policy expression compares `column` with the tenant setting and nothing else (an index condition). */
const onTenant = (expression: string | null, column: string) =>
  expression !== null &&
  expression.includes(`'${TENANT_SETTING}'`) &&
  new RegExp(`\\b${column}\\b`).test(expression) &&
  !/\bOR\b/i.test(expression) &&
  !expression.includes(SYSTEM_ACCESS_FUNCTION);
/** Whether a policy expression is the key check plus the NULL-without-key lower bound on `column` (on Citus the bound alone, the check inside it; deparsed with a line break after `>=`). */
const onKey = (expression: string | null, column: string) =>
  expression !== null && expression.includes(`${SYSTEM_ACCESS_FUNCTION}()`) && new RegExp(`\\b${column} >=\\s`).test(expression) && !/\bOR\b/i.test(expression);

const describePolicy = (p: PolicyInfo) => `${p.name} (${p.permissive ? 'permissive' : 'restrictive'} FOR ${p.command}${p.using ? ` USING ${p.using}` : ''})`;

/** What is wrong with one of our two policies (`role` is the only role it may apply to). */
function policyProblems(policy: PolicyInfo | undefined, name: string, role: string, test: (e: string | null) => boolean, what: string): string[] {
  if (!policy) return [];
  return [
    policy.command !== 'ALL' ? `${name} is FOR ${policy.command}: it must cover ALL commands` : '',
    !policy.permissive ? `${name} is restrictive: with no permissive policy no row is visible` : '',
    policy.roles.join(',') !== role ? `${name} applies to ${policy.roles.join(', ')}: it must apply to ${role} only (the other roles must match no policy)` : '',
    !test(policy.using) ? `${name} USING is not ${what}: ${policy.using ?? 'none'}` : '',
    !test(policy.withCheck) ? `${name} WITH CHECK is not ${what}: ${policy.withCheck ?? 'none'}` : '',
  ];
}

/**
 * Row-level security of one table behind the wall (a tenant table on `tenant_id`, `tenants` on
 * `id`): enabled and forced, `tenant_isolation` for `tenancy_tenant` comparing the column with the
 * tenant setting and nothing else, `tenant_system_access` for `tenancy_system` on the key, and
 * nothing permissive beside them. None on the MySQL family.
 *
 * @example
 * tableRowSecurityChecks(catalog, 'tenants', 'id');
 */
export function tableRowSecurityChecks(catalog: DoctorCatalog, table: string, column: string): DoctorCheck[] {
  const state = catalog.rowSecurity?.find((t) => t.table === table);
  if (!state) return [];
  const policy = state.policies.find((p) => p.name === POLICY_NAME);
  const system = state.policies.find((p) => p.name === SYSTEM_POLICY_NAME);
  const wideners = state.policies.filter((p) => p.name !== POLICY_NAME && p.name !== SYSTEM_POLICY_NAME && p.permissive);
  const problems = [
    !policy ? `no ${POLICY_NAME} policy: ${TENANT_ROLE} sees no rows and writes none, and nothing ties rows to the tenant setting; re-create it (see docs/doctor.md)` : '',
    ...policyProblems(policy, POLICY_NAME, TENANT_ROLE, (e) => onTenant(e, column), `${column} = ${TENANT_SETTING} alone`),
    !system ? `no ${SYSTEM_POLICY_NAME} policy: withoutTenantScope sees no rows of ${table} even with a registered key; re-create it (see docs/doctor.md)` : '',
    ...policyProblems(system, SYSTEM_POLICY_NAME, SYSTEM_ROLE, (e) => onKey(e, column), `the key check with ${column} >= its bound`),
    ...wideners.map((p) => `${describePolicy(p)} is OR-ed with ${POLICY_NAME} and widens what a tenant sees; drop it or make it restrictive`),
  ].filter(Boolean);
  return [
    {
      table,
      check: 'row-level-security',
      status: state.enabled && state.forced ? 'pass' : 'fail',
      detail: !state.enabled
        ? `row-level security is off: raw SQL sees every tenant's rows (ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY)`
        : !state.forced
          ? `enabled but not forced: the owner (${state.owner}) bypasses it (ALTER TABLE ${table} FORCE ROW LEVEL SECURITY)`
          : 'enabled and forced',
    },
    {
      table,
      check: 'tenant-policy',
      status: problems.length ? 'fail' : 'pass',
      detail: problems.length
        ? problems.join('; ')
        : `${POLICY_NAME} FOR ALL TO ${TENANT_ROLE}: ${column} = ${TENANT_SETTING}; ${SYSTEM_POLICY_NAME} FOR ALL TO ${SYSTEM_ROLE}: the system key`,
    },
  ];
}
