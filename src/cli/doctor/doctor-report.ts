import type { DialectName } from '../../dialect/dialect';

/**
 * Outcome of one check. Only `fail` fails the run (exit code 1); `warn` (worth fixing, not a broken
 * invariant, e.g. a redundant index) and `skip` (could not be decided) are shown and counted.
 */
export type DoctorStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * What the doctor checks, in report order. Database-wide checks have `table: null`; the others are
 * reported once per tenant table (`row-level-security` and `tenant-policy` also for `tenants`).
 * `schema-drift` is reported once per bundled table present (and once database-wide, for bundled
 * tables whose migrations ran but that are gone); `redundant-indexes` once, database-wide.
 *
 * @example
 * DOCTOR_CHECKS['tenant-index']; // 'an index leading with tenant_id'
 */
export const DOCTOR_CHECKS = {
  'tenant-tables': 'the tenants table and at least one tenant table exist',
  'vitess-profile': 'MySQL family on the Vitess profile (no foreign keys, no triggers): said plainly, and declared where it is seen (TYPEORM_TENANCY_MYSQL_PROFILE=vitess)',
  'connecting-role': 'the connecting role is held by row-level security (not superuser, not BYPASSRLS, owns no tenant table, no TRUNCATE, cannot register system keys)',
  'system-access': 'the system bypass function is installed as SECURITY DEFINER with a pinned search_path, not executable by PUBLIC',
  'wall-roles': 'tenancy_tenant and tenancy_system exist; the connecting role is a member of both and inherits neither',
  'temp-tables': 'the connecting role cannot create temporary tables (TEMP revoked from PUBLIC)',
  'tenant-not-null': 'tenant_id is NOT NULL',
  'tenant-index': 'an index leading with tenant_id',
  'tenant-foreign-key': 'tenant_id references tenants(id) ON DELETE CASCADE',
  'unique-keys': 'every unique key includes tenant_id',
  'in-tenant-references': 'references to other tenant tables stay in the tenant (composite keys)',
  'row-level-security': 'row-level security enabled and forced',
  'tenant-policy': 'tenant_isolation (FOR ALL TO tenancy_tenant, tenant column = tenant setting) and tenant_system_access (FOR ALL TO tenancy_system, the system key), no other permissive policy',
  'orphan-rows': 'no row of a missing tenant, no reference to a missing parent of the same tenant',
  'explain-index': 'EXPLAIN of a tenant lookup uses an index',
  'schema-drift': 'the table matches its bundled definition: columns and types, nullability, keys, indexes (columns in order), foreign keys and delete rules, checks',
  'redundant-indexes': 'no index duplicates another or is a left prefix of one (warning only)',
  'invalid-indexes': 'no index left INVALID by a failed concurrent build (PostgreSQL)',
  'citus-distribution': 'Citus coordinator only: the tenant table is distributed by tenant_id',
  'citus-colocation': 'Citus coordinator only: every distributed tenant table is in one co-location group',
  'citus-reference-tables': 'Citus coordinator only: tenants and tenancy_private.system_keys are reference tables (other global tables listed)',
  'citus-wall-settings': "Citus coordinator only: the wall's role and key settings reach the workers (a shard read as tenancy_system in the Citus form)",
} as const;

/** Id of a check; see {@link DOCTOR_CHECKS}. */
export type DoctorCheckId = keyof typeof DOCTOR_CHECKS;

/** One check of one table (or of the database, `table: null`). */
export interface DoctorCheck {
  table: string | null;
  check: DoctorCheckId;
  status: DoctorStatus;
  /** What was found, and on failure what is wrong. */
  detail: string;
}

/** Counts of a report. */
export interface DoctorSummary {
  /** Tables inspected: the tenant tables, `tenants`, and the bundled tables compared with their definitions. */
  tables: number;
  checks: number;
  passed: number;
  failed: number;
  /** Checks with a warning (they do not fail the run). */
  warned: number;
  skipped: number;
}

/** What `runDoctor` found. `ok` is false when any check failed (warnings do not count); this is what `--json` prints. */
export interface DoctorReport {
  dialect: DialectName;
  /** Database (schema) name from the connection options. */
  database: string;
  /** Connecting role (PostgreSQL `current_user`), or the MySQL-family user. */
  role: string;
  /** Inspected tables (see {@link DoctorSummary.tables}), sorted. */
  tables: string[];
  checks: DoctorCheck[];
  summary: DoctorSummary;
  ok: boolean;
}

/**
 * Counts the checks of a report by status.
 *
 * @example
 * summarizeChecks(checks, 49); // { tables: 49, checks: 443, passed: 441, failed: 1, warned: 1, skipped: 0 }
 */
export function summarizeChecks(checks: readonly DoctorCheck[], tables: number): DoctorSummary {
  const count = (status: DoctorStatus) => checks.filter((c) => c.status === status).length;
  return { tables, checks: checks.length, passed: count('pass'), failed: count('fail'), warned: count('warn'), skipped: count('skip') };
}
