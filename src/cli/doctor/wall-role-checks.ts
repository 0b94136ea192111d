import { SYSTEM_ROLE, TENANT_ROLE } from '../../dialect/postgres-rls';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

/**
 * PostgreSQL checks of the connecting role towards the wall roles and temporary tables:
 * `wall-roles` (both roles exist; the role is a member of both, so the session layer can switch
 * to them, and inherits neither, so as itself it matches no policy) and `temp-tables` (no TEMP:
 * a temporary table named like a tenant table shadows it for later requests on a pooled
 * connection). Both `skip` for a superuser, which bypasses the wall anyway (`connecting-role`).
 * None on the MySQL family.
 *
 * @example
 * wallRoleChecks(catalog); // [{ table: null, check: 'wall-roles', status: 'pass', … }, { …, check: 'temp-tables', … }]
 */
export function wallRoleChecks(catalog: DoctorCatalog): DoctorCheck[] {
  const role = catalog.role;
  if (!role || !catalog.rowSecurity) return [];
  if (role.superuser) {
    const detail = `${role.name} is a superuser: it bypasses row-level security whatever its roles (see connecting-role)`;
    return [
      { table: null, check: 'wall-roles', status: 'skip', detail },
      { table: null, check: 'temp-tables', status: 'skip', detail },
    ];
  }
  const fix = 'run typeorm-tenancy app-role for it again';
  const notMember = [TENANT_ROLE, SYSTEM_ROLE].filter((r) => !role.missingWallRoles.includes(r) && !role.memberOfWallRoles.includes(r));
  const problems = [
    role.missingWallRoles.length ? `${role.missingWallRoles.join(' and ')} missing: run the bundled migrations (0099), as a role with CREATEROLE` : '',
    role.inheritedWallRoles.length
      ? `${role.name} inherits the privileges of ${role.inheritedWallRoles.join(' and ')}, so their policies apply to its own statements ` +
        `(the tenant test or the system key alone would then decide, and EXPLAIN reveals other tenants' rows again); ` +
        `make it NOINHERIT (PostgreSQL 16+: GRANT … WITH INHERIT FALSE): ${fix}`
      : '',
    notMember.length ? `${role.name} is no member of ${notMember.join(' and ')}: statements inside withTenant / withoutTenantScope cannot switch to it; ${fix}` : '',
  ].filter(Boolean);
  return [
    {
      table: null,
      check: 'wall-roles',
      status: problems.length ? 'fail' : 'pass',
      detail: problems.length ? problems.join('; ') : `${role.name} is a member of ${TENANT_ROLE} and ${SYSTEM_ROLE} and inherits neither`,
    },
    {
      table: null,
      check: 'temp-tables',
      status: role.temporary ? 'fail' : 'pass',
      detail: role.temporary
        ? `${role.name} may create temporary tables (PUBLIC has TEMP by default): a temp table named like a tenant table shadows it ` +
          `for every later request on that pooled connection; REVOKE TEMPORARY ON DATABASE … FROM PUBLIC (${fix})`
        : `${role.name} cannot create temporary tables`,
    },
  ];
}
