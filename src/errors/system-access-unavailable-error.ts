import { TenancyError } from './tenancy-error';

/**
 * Why system access (every tenant's rows past the PostgreSQL wall) could not be had:
 * `key-missing` no system key anywhere; `layer-without-key` the DataSource's session layer
 * (`enableTenancy`) has no `rowLevelSecurity.systemKey` and clears any other key per statement;
 * `key-unregistered` a key was sent but is not registered in this database; `not-a-member` the
 * role cannot enter `tenancy_system`.
 *
 * @example
 * if (error instanceof SystemAccessUnavailableError && error.problem === 'key-missing') console.error('set TENANCY_SYSTEM_KEY');
 */
export type SystemAccessProblem = 'key-missing' | 'layer-without-key' | 'key-unregistered' | 'not-a-member';

const FIXES: Record<SystemAccessProblem, string> = {
  'key-missing':
    'Set TENANCY_SYSTEM_KEY (or pass { systemKey } to withSystemAccess; with enableTenancy, rowLevelSecurity: { systemKey: process.env.TENANCY_SYSTEM_KEY }) ' +
    'to a key registered in this database (typeorm-tenancy app-role registers TENANCY_SYSTEM_KEY; or registerSystemKey), or run as a role that bypasses row-level security.',
  'layer-without-key':
    'Pass enableTenancy(dataSource, { rowLevelSecurity: { systemKey: process.env.TENANCY_SYSTEM_KEY } }) with a key registered in this database ' +
    '(typeorm-tenancy app-role registers TENANCY_SYSTEM_KEY; or registerSystemKey as the owner), or do this work as the owner or a role that bypasses row-level security.',
  'key-unregistered':
    'The system key given is not registered in this database: register it as the owner (typeorm-tenancy app-role with TENANCY_SYSTEM_KEY set, or registerSystemKey), or set the one that is.',
  'not-a-member':
    'The role is no member of tenancy_system: as a superuser or a role with ADMIN on it, GRANT tenancy_system TO the role (migration 0099 does this for the migrating role, ' +
    'typeorm-tenancy app-role for the application role).',
};

/**
 * Work that must see every tenant's rows under PostgreSQL row-level security was refused before it
 * ran, instead of silently reading nothing and updating 0 rows: `withSystemAccess` (a data
 * migration) without a usable system key, or a statement inside `withoutTenantScope` that the
 * session layer would send without a key under the application role. The message says how to
 * provide the key (`TENANCY_SYSTEM_KEY` / `rowLevelSecurity.systemKey`); it never contains one.
 *
 * @example
 * await withSystemAccess(queryRunner, (qr) => qr.query('UPDATE notes SET slug = lower(title)')); // SYSTEM_ACCESS_UNAVAILABLE without a key
 */
export class SystemAccessUnavailableError extends TenancyError {
  readonly code = 'SYSTEM_ACCESS_UNAVAILABLE' as const;

  constructor(
    readonly operation: string,
    readonly problem: SystemAccessProblem,
    readonly role?: string,
  ) {
    super(`${operation} needs every tenant's rows, but ${role ? `role ${role} has` : 'this connection has'} no system access: ${describe(problem)}. ${FIXES[problem]} Nothing was run.`);
  }
}

function describe(problem: SystemAccessProblem): string {
  switch (problem) {
    case 'key-missing':
      return 'the system key is missing';
    case 'layer-without-key':
      return 'the system key is missing (enableTenancy was given no rowLevelSecurity.systemKey, so its session layer sends every statement without one)';
    case 'key-unregistered':
      return 'the system key is not registered';
    case 'not-a-member':
      return 'it cannot switch to tenancy_system';
  }
}
