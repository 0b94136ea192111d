import { pgIdentifier as q } from './postgres-sql';

/**
 * The PostgreSQL row-level-security wall: one policy per tenant table on a session setting the
 * library keeps in step with `withTenant`, plus a system bypass that only a secret key unlocks.
 * Every name and statement of it is here; migrations, the session layer and `doctor` read them.
 *
 * @example
 * await ds.query(`SELECT current_setting('${TENANT_SETTING}', true)`); // the tenant this connection carries
 */

/** Session setting carrying the current tenant (`''` or unset: no tenant, nothing visible). */
export const TENANT_SETTING = 'app.tenant_id';
/** Session setting carrying the system key inside `withoutTenantScope` (`''` otherwise). */
export const SYSTEM_KEY_SETTING = 'app.tenant_system_key';
/** Role a statement inside `withTenant` runs as (set transaction-locally): the tenant policy applies to it. */
export const TENANT_ROLE = 'tenancy_tenant';
/** Role a statement inside `withoutTenantScope` runs as when a system key is configured. */
export const SYSTEM_ROLE = 'tenancy_system';
/** Name of the policy on every tenant table. */
export const POLICY_NAME = 'tenant_isolation';
/** SECURITY DEFINER function: true when the session's system key matches a registered one. */
export const SYSTEM_ACCESS_FUNCTION = 'tenancy_system_access';
/** Schema holding the hashes of registered system keys; the application role has no access to it. */
export const PRIVATE_SCHEMA = 'tenancy_private';
/** Table of registered system-key hashes (SHA-256). */
export const SYSTEM_KEYS_TABLE = 'system_keys';
/** Shortest system key accepted: it is a password, and guessing it lifts the wall. */
export const MIN_SYSTEM_KEY_LENGTH = 32;

/** The current tenant as a uuid; NULL when unset or reset to '' (after a committed SET LOCAL). */
const currentTenant = `NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;

/**
 * System access, evaluated once per statement (a scalar sub-select becomes an InitPlan): the
 * SECURITY DEFINER call costs ~45 µs, so the CASE skips it when no key is set (tenant traffic).
 */
const systemAccess =
  `(SELECT CASE WHEN coalesce(current_setting('${SYSTEM_KEY_SETTING}', true), '') = '' THEN false ` +
  `ELSE ${SYSTEM_ACCESS_FUNCTION}() END)`;

/**
 * The row predicate of the policy: the row's tenant is the session's, or the session carries a
 * registered system key (checked at most once per statement, and never while no key is set).
 *
 * @example
 * policyPredicate('tenant_id'); // '("tenant_id" = NULLIF(…)::uuid OR (SELECT CASE WHEN … THEN false ELSE tenancy_system_access() END))'
 */
export const policyPredicate = (column: string): string =>
  `(${q(column)} = ${currentTenant} OR ${systemAccess})`;

/**
 * Statements run once, before any tenant table: the private schema, the key table and the
 * function the policies call. `SECURITY DEFINER` lets the function read keys the caller cannot;
 * its `search_path` is pinned so a caller cannot shadow `sha256` or the table.
 *
 * @example
 * for (const sql of systemAccessSetup()) await queryRunner.query(sql); // what migration 0099 runs
 */
export const systemAccessSetup = (): string[] => [
  ...[TENANT_ROLE, SYSTEM_ROLE].map(
    (role) => `DO $$ BEGIN CREATE ROLE ${q(role)} NOLOGIN NOINHERIT; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
  ),
  `GRANT ${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)} TO CURRENT_USER`,
  `ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)}`,
  `ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO ${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)}`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)}`,
  `CREATE SCHEMA ${q(PRIVATE_SCHEMA)}`,
  `REVOKE ALL ON SCHEMA ${q(PRIVATE_SCHEMA)} FROM PUBLIC`,
  `CREATE TABLE ${q(PRIVATE_SCHEMA)}.${q(SYSTEM_KEYS_TABLE)} (` +
    `key_hash bytea PRIMARY KEY, label varchar(100) NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER ` +
    `SET search_path = pg_catalog, pg_temp AS $fn$ SELECT EXISTS (SELECT 1 FROM ${q(PRIVATE_SCHEMA)}.${q(SYSTEM_KEYS_TABLE)} k ` +
    `WHERE k.key_hash = sha256(convert_to(coalesce(current_setting('${SYSTEM_KEY_SETTING}', true), ''), 'UTF8'))) $fn$`,
  `COMMENT ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() IS ` +
    `'typeorm-tenancy: true while the session carries a registered system key (withoutTenantScope)'`,
];

/**
 * Statements undoing {@link systemAccessSetup}.
 *
 * @example
 * for (const sql of dropSystemAccessSetup()) await queryRunner.query(sql);
 */
export const dropSystemAccessSetup = (): string[] => [
  `DROP FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}()`,
  `DROP SCHEMA ${q(PRIVATE_SCHEMA)} CASCADE`,
];

/**
 * Puts one table behind the wall: RLS enabled and forced (so the owner is subject to it too) and
 * the `tenant_isolation` policy for every command, reads (`USING`) and writes (`WITH CHECK`) alike.
 *
 * @example
 * for (const sql of tenantIsolationStatements('invoices', 'tenant_id')) await queryRunner.query(sql);
 */
export const tenantIsolationStatements = (table: string, column: string): string[] => [
  `ALTER TABLE ${q(table)} ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE ${q(table)} FORCE ROW LEVEL SECURITY`,
  // INTERIM (the policy split lands with the roles work): tenant arm for tenancy_tenant, key arm for tenancy_system.
  `CREATE POLICY ${q(POLICY_NAME)} ON ${q(table)} AS PERMISSIVE FOR ALL TO ${q(TENANT_ROLE)} ` +
    `USING (${q(column)} = ${currentTenant}) WITH CHECK (${q(column)} = ${currentTenant})`,
  `CREATE POLICY "tenant_system_access" ON ${q(table)} AS PERMISSIVE FOR ALL TO ${q(SYSTEM_ROLE)} USING (${systemAccess}) WITH CHECK (${systemAccess})`,
];
