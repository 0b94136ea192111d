import { pgIdentifier as q } from './postgres-sql';

/**
 * The PostgreSQL row-level-security wall. Every tenant table has two policies, each for one
 * NOLOGIN role, so no role ever holds both arms: `tenancy_tenant` sees the rows of the tenant in
 * `app.tenant_id`, `tenancy_system` sees every row while `app.tenant_system_key` holds a registered
 * key. The application role is a NOINHERIT member of both and, as itself, sees no tenant row.
 * Every name and statement of the wall is here; migrations, the session layer and `doctor` read them.
 *
 * @example
 * await ds.query(`SELECT current_setting('${TENANT_SETTING}', true)`); // the tenant this connection carries
 */

/** Setting carrying the current tenant (`''` or unset: no tenant, nothing visible). */
export const TENANT_SETTING = 'app.tenant_id';
/** Setting carrying the system key inside `withoutTenantScope` (`''` otherwise). */
export const SYSTEM_KEY_SETTING = 'app.tenant_system_key';
/** NOLOGIN role (cluster-wide) that tenant statements run as; the `tenant_isolation` policy applies to it. */
export const TENANT_ROLE = 'tenancy_tenant';
/** NOLOGIN role (cluster-wide) that system statements run as; the `tenant_system_access` policy applies to it. */
export const SYSTEM_ROLE = 'tenancy_system';
/** Name of the tenant policy on every tenant table (`TO tenancy_tenant`). */
export const POLICY_NAME = 'tenant_isolation';
/** Name of the system policy on every tenant table (`TO tenancy_system`). */
export const SYSTEM_POLICY_NAME = 'tenant_system_access';
/** SECURITY DEFINER function: true when the session's system key matches a registered one. */
export const SYSTEM_ACCESS_FUNCTION = 'tenancy_system_access';
/** Schema holding the hashes of registered system keys; the application role has no access to it. */
export const PRIVATE_SCHEMA = 'tenancy_private';
/** Table of registered system-key hashes (SHA-256). */
export const SYSTEM_KEYS_TABLE = 'system_keys';
/** Shortest system key accepted: it is a password, and guessing it lifts the wall. */
export const MIN_SYSTEM_KEY_LENGTH = 32;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const WALL_ROLES = `${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)}`;

/**
 * The tenant policy's row test: pure equality with a STABLE expression, so the planner uses it as
 * an index condition on any index leading with the column (and only the tenant's entries are read).
 * NULL (no row) when the setting is unset or `''` (what a pooled connection keeps after SET LOCAL).
 *
 * @example
 * tenantPredicate('tenant_id'); // `("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)`
 */
export const tenantPredicate = (column: string): string =>
  `(${q(column)} = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid)`;

/**
 * The system policy's row test, two halves each evaluated once per statement (InitPlans):
 * the key check alone, cheapest of all conditions so a sequential scan tests it before any other,
 * and a lower bound on the column that is NULL without a valid key, so any index scan leading with
 * the column reads nothing. PostgreSQL (15 and 18, measured) applies RLS conditions as row filters,
 * never as a one-time gate, so a lone key check would run after the caller's own index condition
 * and EXPLAIN ANALYZE would count other tenants' matching rows; see docs/security.md.
 *
 * @example
 * systemPredicate('tenant_id'); // '((SELECT tenancy_system_access()) AND "tenant_id" >= (SELECT CASE WHEN … END))'
 */
export const systemPredicate = (column: string): string =>
  `((SELECT ${SYSTEM_ACCESS_FUNCTION}()) AND ${q(column)} >= ` +
  `(SELECT CASE WHEN ${SYSTEM_ACCESS_FUNCTION}() THEN '${NIL_UUID}'::uuid END))`;

/**
 * The system policy's row test on Citus, which refuses subqueries in policies of distributed and
 * reference tables: the lower bound alone, its CASE a STABLE expression. An index scan led by the
 * column takes it as an index condition (computed once: no key, NULL, nothing read); elsewhere it
 * is a row filter and the key check runs per row read. Without a valid key it is NULL for every
 * row, with one true for every row (ids are never below the nil uuid, never NULL).
 *
 * @example
 * citusSystemPredicate('tenant_id'); // `("tenant_id" >= CASE WHEN tenancy_system_access() THEN '0000…'::uuid END)`
 */
export const citusSystemPredicate = (column: string): string =>
  `(${q(column)} >= CASE WHEN ${SYSTEM_ACCESS_FUNCTION}() THEN '${NIL_UUID}'::uuid END)`;

/** A DO block creating a NOLOGIN role unless it exists (roles are cluster-wide; a concurrent creator wins). */
const createRoleIfMissing = (role: string) =>
  `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${q(role)} NOLOGIN; END IF; ` +
  'EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$';

/** Runs `statements` (with `%I` for the current schema) in one DO block. */
const inCurrentSchema = (statements: string[]) =>
  `DO $$ BEGIN ${statements.map((s) => `EXECUTE format('${s}', current_schema());`).join(' ')} END $$`;

const tablePrivileges = (verb: 'GRANT' | 'REVOKE', to: 'TO' | 'FROM') => [
  `${verb} USAGE ON SCHEMA %I ${to} ${WALL_ROLES}`,
  `${verb} SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I ${to} ${WALL_ROLES}`,
  `${verb} USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I ${to} ${WALL_ROLES}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA %I ${verb} SELECT, INSERT, UPDATE, DELETE ON TABLES ${to} ${WALL_ROLES}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA %I ${verb} USAGE, SELECT ON SEQUENCES ${to} ${WALL_ROLES}`,
];

/** What the Citus profile changes in {@link systemAccessSetup}. */
export interface CitusSetup {
  /**
   * The key table becomes a reference table (a copy on every node: the policies run on the
   * workers), and the key check may query it from inside a shard's query
   * (`citus.allow_nested_distributed_execution`, for this function's calls only).
   */
  keysOnEveryNode?: boolean;
}

/**
 * Statements run once (migration 0099), before any tenant table: the two wall roles (created if
 * missing, never altered), membership of the migrating role in both (none for a superuser; on
 * PostgreSQL 16+ without inheritance, so it enters them only with SET ROLE), DML on the schema's
 * tables for both now and for tables this role creates later, the private key schema and the
 * SECURITY DEFINER key check, executable only by `tenancy_system` (pinned `search_path`, so a
 * caller cannot shadow `sha256` or the table). Needs CREATEROLE unless the roles already exist.
 *
 * @example
 * for (const sql of systemAccessSetup()) await queryRunner.query(sql); // what migration 0099 runs
 */
export const systemAccessSetup = (citus: CitusSetup = {}): string[] => [
  createRoleIfMissing(TENANT_ROLE),
  createRoleIfMissing(SYSTEM_ROLE),
  // Only for owner data migrations: without ADMIN on the roles (PostgreSQL 16+) it warns, not fails.
  `DO $$ BEGIN IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN ` +
    `IF current_setting('server_version_num')::int >= 160000 THEN ` +
    `EXECUTE format('GRANT ${WALL_ROLES} TO %I WITH INHERIT FALSE, SET TRUE', current_user); ` +
    `ELSE EXECUTE format('GRANT ${WALL_ROLES} TO %I', current_user); END IF; END IF; ` +
    `EXCEPTION WHEN insufficient_privilege THEN RAISE WARNING 'typeorm-tenancy: % cannot be granted ${TENANT_ROLE} and ${SYSTEM_ROLE} ` +
    `(needs ADMIN on them); data migrations as this role cannot enter them', current_user; END $$`,
  inCurrentSchema(tablePrivileges('GRANT', 'TO')),
  `CREATE SCHEMA ${q(PRIVATE_SCHEMA)}`,
  `REVOKE ALL ON SCHEMA ${q(PRIVATE_SCHEMA)} FROM PUBLIC`,
  `CREATE TABLE ${q(PRIVATE_SCHEMA)}.${q(SYSTEM_KEYS_TABLE)} (` +
    `key_hash bytea PRIMARY KEY, label varchar(100) NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now())`,
  ...(citus.keysOnEveryNode ? [`SELECT create_reference_table('${PRIVATE_SCHEMA}.${SYSTEM_KEYS_TABLE}')`] : []),
  // The CASE answers false without touching the key table when no key is set.
  `CREATE FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER ` +
    `SET search_path = pg_catalog, pg_temp ${citus.keysOnEveryNode ? 'SET citus.allow_nested_distributed_execution = on ' : ''}AS $fn$ SELECT CASE WHEN coalesce(current_setting('${SYSTEM_KEY_SETTING}', true), '') = '' THEN false ` +
    `ELSE EXISTS (SELECT 1 FROM ${q(PRIVATE_SCHEMA)}.${q(SYSTEM_KEYS_TABLE)} k ` +
    `WHERE k.key_hash = sha256(convert_to(current_setting('${SYSTEM_KEY_SETTING}', true), 'UTF8'))) END $fn$`,
  `REVOKE EXECUTE ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() TO ${q(SYSTEM_ROLE)}`,
  `COMMENT ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() IS ` +
    `'typeorm-tenancy: true while the session carries a registered system key (withoutTenantScope)'`,
];

/**
 * Statements undoing {@link systemAccessSetup} in this database. The roles and memberships stay:
 * they are cluster-wide and other databases may use them (drop them by hand once none does).
 *
 * @example
 * for (const sql of dropSystemAccessSetup()) await queryRunner.query(sql);
 */
export const dropSystemAccessSetup = (): string[] => [
  `DROP FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}()`,
  `DROP SCHEMA ${q(PRIVATE_SCHEMA)} CASCADE`,
  inCurrentSchema(tablePrivileges('REVOKE', 'FROM')),
];

/**
 * Puts one table behind the wall: RLS enabled and forced (so the owner is subject to it too), DML
 * for both wall roles, and the two policies for every command, reads (`USING`) and writes
 * (`WITH CHECK`) alike: `tenant_isolation` for `tenancy_tenant`, `tenant_system_access` for
 * `tenancy_system`. Any other role (the application role as itself, the owner) matches no policy
 * and sees, inserts and changes nothing.
 *
 * @example
 * for (const sql of tenantIsolationStatements('invoices', 'tenant_id')) await queryRunner.query(sql);
 */
export const tenantIsolationStatements = (table: string, column: string, system: (column: string) => string = systemPredicate): string[] => [
  `ALTER TABLE ${q(table)} ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE ${q(table)} FORCE ROW LEVEL SECURITY`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ${q(table)} TO ${WALL_ROLES}`,
  `CREATE POLICY ${q(POLICY_NAME)} ON ${q(table)} AS PERMISSIVE FOR ALL TO ${q(TENANT_ROLE)} ` +
    `USING ${tenantPredicate(column)} WITH CHECK ${tenantPredicate(column)}`,
  `CREATE POLICY ${q(SYSTEM_POLICY_NAME)} ON ${q(table)} AS PERMISSIVE FOR ALL TO ${q(SYSTEM_ROLE)} ` +
    `USING ${system(column)} WITH CHECK ${system(column)}`,
];
