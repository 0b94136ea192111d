import type { DataSource } from 'typeorm';
import { MIN_SYSTEM_KEY_LENGTH, PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEYS_TABLE, SYSTEM_ROLE, TENANT_ROLE } from './postgres-rls';
import { pgIdentifier as q, pgLiteral as lit } from './postgres-sql';

/** Options of {@link applicationRoleStatements}. */
export interface ApplicationRoleOptions {
  /** Login role the application connects as, e.g. `app`. Letters, digits and `_` only. */
  role: string;
  /** Its password; omit for roles that authenticate otherwise (peer, certificates, trust). */
  password?: string;
  /** Schema holding the tables. Default `public`. */
  schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The SQL that creates (or repairs) the role an application should connect as, for the owner of
 * the tables to run after `migration:run`: a login role that is not a superuser, cannot bypass
 * row-level security, owns nothing and is `NOINHERIT`, with exactly SELECT/INSERT/UPDATE/DELETE
 * on the schema's tables (now and, through default privileges, for tables the owner creates
 * later; global tables stay readable without a tenant) and no way into `tenancy_private`.
 * It is granted `tenancy_tenant` and `tenancy_system` as membership only (on PostgreSQL 16+ every
 * grant is made `INHERIT FALSE`, also one that inherited before): it enters them with
 * `set_config('role', …, true)`, and as itself matches no policy, so it sees no tenant row.
 * TRUNCATE is left out on purpose: it ignores row-level security. What PUBLIC holds that lets one
 * request leave something behind for the next is revoked for the whole database: TEMP (a temp
 * table shadows a tenant table on a pooled connection) and CREATE on the schema (PostgreSQL < 15
 * grants it); EXECUTE on `tenancy_system_access()`. Running it again resets all of this, so it
 * also repairs a role someone widened.
 *
 * @throws TypeError for a role or schema name that is not a plain lower-case identifier.
 * @example
 * for (const sql of applicationRoleStatements({ role: 'app', password: process.env.APP_DB_PASSWORD }))
 *   await ownerDataSource.query(sql);
 */
export function applicationRoleStatements(options: ApplicationRoleOptions): string[] {
  const schema = options.schema ?? 'public';
  for (const name of [options.role, schema]) {
    if (!IDENTIFIER.test(name)) throw new TypeError(`'${name}' is not a plain lower-case identifier; use letters, digits and _.`);
  }
  const role = q(options.role);
  const attributes = `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT`;
  const password = options.password === undefined ? '' : ` PASSWORD ${lit(options.password)}`;
  const wall = `${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)}`;
  return [
    `DO $$ BEGIN CREATE ROLE ${role} ${attributes}; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    `ALTER ROLE ${role} ${attributes}${password}`,
    `DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${role}', current_database()); END $$`,
    // PostgreSQL 16+ keeps inheritance per grant (and per grantor): drop every inheriting one first.
    `DO $$ DECLARE m record; BEGIN IF current_setting('server_version_num')::int >= 160000 THEN ` +
      `FOR m IN SELECT a.roleid::regrole::text AS granted, a.grantor::regrole::text AS grantor FROM pg_auth_members a ` +
      `WHERE a.member = '${options.role}'::regrole AND a.roleid IN ('${TENANT_ROLE}'::regrole, '${SYSTEM_ROLE}'::regrole) AND a.inherit_option LOOP ` +
      `EXECUTE format('REVOKE %s FROM ${role} GRANTED BY %s', m.granted, m.grantor); END LOOP; ` +
      `EXECUTE 'GRANT ${wall} TO ${role} WITH INHERIT FALSE, SET TRUE'; ` +
      `ELSE EXECUTE 'GRANT ${wall} TO ${role}'; END IF; END $$`,
    `GRANT USAGE ON SCHEMA ${q(schema)} TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${q(schema)} TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${q(schema)} TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q(schema)} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q(schema)} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
    `REVOKE ALL ON SCHEMA ${q(PRIVATE_SCHEMA)} FROM ${role}`,
    `REVOKE EXECUTE ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() FROM PUBLIC, ${role}`,
    // Revoking from the role alone does nothing while PUBLIC holds the privilege.
    `DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC, ${role}', current_database()); END $$`,
    // The owner running this keeps CREATE (a warning, not an error, where it cannot grant it).
    `GRANT CREATE ON SCHEMA ${q(schema)} TO CURRENT_USER`,
    `REVOKE CREATE ON SCHEMA ${q(schema)} FROM PUBLIC, ${role}`,
  ];
}

/**
 * Creates or repairs the application role (see {@link applicationRoleStatements}) through a
 * DataSource connected as the owner of the tables, in one transaction.
 *
 * @example
 * await createApplicationRole(ownerDataSource, { role: 'app', password: process.env.APP_DB_PASSWORD });
 */
export async function createApplicationRole(owner: DataSource, options: ApplicationRoleOptions): Promise<void> {
  await owner.transaction(async (manager) => {
    for (const sql of applicationRoleStatements(options)) await manager.query(sql);
  });
}

/**
 * Registers a system key: afterwards a session carrying it (the library sets it inside
 * `withoutTenantScope` when `enableTenancy(ds, { rowLevelSecurity: { systemKey } })`) passes the
 * row-level-security policies. Only its SHA-256 is stored, in a schema the application role cannot
 * read. Run as the owner; registering the same key twice is harmless. Rotate by registering the
 * new key, deploying it, then {@link revokeSystemKeys}.
 *
 * @throws TypeError when the key is shorter than 32 characters.
 * @example
 * await registerSystemKey(ownerDataSource, process.env.TENANCY_SYSTEM_KEY!, 'api 2026-11');
 */
export async function registerSystemKey(owner: DataSource, key: string, label = ''): Promise<void> {
  if (key.length < MIN_SYSTEM_KEY_LENGTH) throw new TypeError(`A system key needs at least ${MIN_SYSTEM_KEY_LENGTH} characters.`);
  await owner.query(
    `INSERT INTO ${q(PRIVATE_SCHEMA)}.${q(SYSTEM_KEYS_TABLE)} (key_hash, label) VALUES (sha256(convert_to($1, 'UTF8')), $2) ` +
      'ON CONFLICT (key_hash) DO UPDATE SET label = EXCLUDED.label',
    [key, label],
  );
}

/**
 * Revokes every registered system key except `keep` (none kept when omitted). Run as the owner.
 *
 * @example
 * await revokeSystemKeys(ownerDataSource, process.env.TENANCY_SYSTEM_KEY); // keep only the current one
 */
export async function revokeSystemKeys(owner: DataSource, keep?: string): Promise<number> {
  const [, removed] = (await owner.query(
    `DELETE FROM ${q(PRIVATE_SCHEMA)}.${q(SYSTEM_KEYS_TABLE)} WHERE $1::text IS NULL OR key_hash <> sha256(convert_to($1, 'UTF8'))`,
    [keep ?? null],
  )) as [unknown, number];
  return removed;
}
