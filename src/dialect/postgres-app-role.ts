import type { DataSource } from 'typeorm';
import { MIN_SYSTEM_KEY_LENGTH, PRIVATE_SCHEMA, SYSTEM_ACCESS_FUNCTION, SYSTEM_KEYS_TABLE, SYSTEM_ROLE, TENANT_ROLE } from './postgres-rls';
import { pgIdentifier as q, pgLiteral as lit } from './postgres-sql';
import { citusWallLoginStatements } from './citus/citus-wall-logins';
import { isCitus } from './citus/citus-distribution';

/** Options of {@link applicationRoleStatements}. */
export interface ApplicationRoleOptions {
  /** Login role the application connects as, e.g. `app`. Letters, digits and `_` only. */
  role: string;
  /** Its password; omit for roles that authenticate otherwise (peer, certificates, trust). */
  password?: string;
  /** Schema holding the tables. Default `public`. */
  schema?: string;
  /** A Citus coordinator: the wall roles also become LOGIN roles (see `citusWallLoginStatements`). Detected by `createApplicationRole`. */
  citus?: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The roles whose future tables and sequences in `schema` the application role must be able to
 * use: every owner of a table, view or sequence there, the schema's owner and the database's owner
 * (`pg_database_owner`, PostgreSQL 15's owner of `public`, stands for the latter), limited to
 * roles the current user may act for (`ALTER DEFAULT PRIVILEGES FOR ROLE` needs membership; a
 * superuser is a member of every role). One query, used by the SQL and by the report.
 */
const schemaOwnersSql = (schema: string) =>
  `SELECT DISTINCT r.rolname::text AS owner FROM (` +
  `SELECT c.relowner AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ${lit(schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') ` +
  `UNION SELECT CASE WHEN n.nspowner = 'pg_database_owner'::regrole THEN d.datdba ELSE n.nspowner END FROM pg_namespace n, pg_database d ` +
  `WHERE n.nspname = ${lit(schema)} AND d.datname = current_database() ` +
  `UNION SELECT datdba FROM pg_database WHERE datname = current_database()) x JOIN pg_roles r ON r.oid = x.oid ` +
  `WHERE r.rolname NOT LIKE 'pg\\_%' AND pg_has_role(current_user, r.oid, 'MEMBER')`;

/**
 * The attributes that make the role safe, set as far as the role running the script may set them,
 * and a refusal with the fix where it may not. A superuser sets them all. Anyone else may not touch
 * SUPERUSER (any version), nor BYPASSRLS and REPLICATION (15: superuser only; 16+: only a role
 * that has them itself), nor CREATEDB on 16+ without having it: those are then left out of ALTER
 * ROLE (CREATE ROLE already made a new role without them), and a role that has one of them anyway
 * is refused with the ALTER ROLE a superuser must run, since the wall would not hold for it.
 */
const attributesBlock = (role: string) =>
  `DO $$ DECLARE me pg_roles; it pg_roles; v int := current_setting('server_version_num')::int; ` +
  `attrs text := 'LOGIN NOCREATEROLE NOINHERIT'; widened text[] := '{}'; BEGIN ` +
  `SELECT * INTO me FROM pg_roles WHERE rolname = current_user; SELECT * INTO it FROM pg_roles WHERE rolname = ${lit(role)}; ` +
  `IF me.rolsuper THEN attrs := attrs || ' NOSUPERUSER'; ELSIF it.rolsuper THEN widened := widened || 'NOSUPERUSER'::text; END IF; ` +
  `IF me.rolsuper OR (v >= 160000 AND me.rolbypassrls) THEN attrs := attrs || ' NOBYPASSRLS'; ELSIF it.rolbypassrls THEN widened := widened || 'NOBYPASSRLS'::text; END IF; ` +
  `IF me.rolsuper OR (v >= 160000 AND me.rolreplication) THEN attrs := attrs || ' NOREPLICATION'; ELSIF it.rolreplication THEN widened := widened || 'NOREPLICATION'::text; END IF; ` +
  `IF me.rolsuper OR me.rolcreatedb OR v < 160000 THEN attrs := attrs || ' NOCREATEDB'; ELSIF it.rolcreatedb THEN widened := widened || 'NOCREATEDB'::text; END IF; ` +
  `IF cardinality(widened) > 0 THEN RAISE EXCEPTION 'typeorm-tenancy: role % has attributes only a superuser can take away', ${lit(role)} ` +
  `USING ERRCODE = 'insufficient_privilege', HINT = format('as a superuser: ALTER ROLE %I %s; then run app-role again', ${lit(role)}, array_to_string(widened, ' ')); END IF; ` +
  `EXECUTE format('ALTER ROLE %I %s', ${lit(role)}, attrs); END $$`;

/**
 * The SQL that creates (or repairs) the role an application should connect as, for the owner of
 * the tables (or a superuser) to run after `migration:run`: a login role that is not a superuser,
 * cannot bypass row-level security, owns nothing and is `NOINHERIT`, with exactly
 * SELECT/INSERT/UPDATE/DELETE on the schema's tables, now and, through default privileges
 * attached to the real owners of the schema and its tables (`FOR ROLE`, whoever runs it), for
 * tables they create later; global tables stay readable without a tenant; no way into
 * `tenancy_private`.
 * It is granted `tenancy_tenant` and `tenancy_system` as membership only (on PostgreSQL 16+ every
 * grant is made `INHERIT FALSE`, also one that inherited before): it enters them with
 * `set_config('role', …, true)`, and as itself matches no policy, so it sees no tenant row.
 * TRUNCATE is left out on purpose: it ignores row-level security. What PUBLIC holds that lets one
 * request leave something behind for the next is revoked for the whole database: TEMP (a temp
 * table shadows a tenant table on a pooled connection) and CREATE on the schema (PostgreSQL < 15
 * grants it); EXECUTE on `tenancy_system_access()`. Running it again resets all of this, so it
 * also repairs a role someone widened. Run by a non-superuser with CREATEROLE (the usual owner),
 * the attributes only a superuser may set are skipped, and a role that has them is refused with
 * the fix (see `attributesBlock`).
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
  // CREATE ROLE only checks the attributes it grants, so a CREATEROLE owner may state them all.
  const attributes = `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT`;
  const wall = `${q(TENANT_ROLE)}, ${q(SYSTEM_ROLE)}`;
  const defaults = (grant: string, on: string) =>
    `DO $$ DECLARE o text; BEGIN FOR o IN ${schemaOwnersSql(schema)} LOOP ` +
    `EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT ${grant} ON ${on} TO %I', o, ${lit(schema)}, ${lit(options.role)}); END LOOP; END $$`;
  return [
    `DO $$ BEGIN CREATE ROLE ${role} ${attributes}; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    attributesBlock(options.role),
    ...(options.password === undefined ? [] : [`ALTER ROLE ${role} PASSWORD ${lit(options.password)}`]),
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
    // FOR ROLE the owners: without it the default privileges attach to whoever runs this (e.g. a
    // superuser), and a table the owner creates later is "permission denied" for the role.
    defaults('SELECT, INSERT, UPDATE, DELETE', 'TABLES'),
    defaults('USAGE, SELECT', 'SEQUENCES'),
    `REVOKE ALL ON SCHEMA ${q(PRIVATE_SCHEMA)} FROM ${role}`,
    `REVOKE EXECUTE ON FUNCTION ${q(SYSTEM_ACCESS_FUNCTION)}() FROM PUBLIC, ${role}`,
    // Revoking from the role alone does nothing while PUBLIC holds the privilege.
    `DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC, ${role}', current_database()); END $$`,
    // The owner running this keeps CREATE (a warning, not an error, where it cannot grant it).
    `GRANT CREATE ON SCHEMA ${q(schema)} TO CURRENT_USER`,
    `REVOKE CREATE ON SCHEMA ${q(schema)} FROM PUBLIC, ${role}`,
    ...(options.citus ? citusWallLoginStatements() : []),
  ];
}

/** What {@link createApplicationRole} did, for the CLI to say. */
export interface ApplicationRoleReport {
  /** Who ran it. */
  runAs: string;
  /** Whether that role is a superuser (it then also set NOSUPERUSER, NOBYPASSRLS, NOREPLICATION). */
  superuser: boolean;
  /** The attributes left out of ALTER ROLE because only a superuser (or, 16+, a holder) may set them. */
  skippedAttributes: string[];
  /** A Citus coordinator: the wall roles were made LOGIN (Citus connects to the workers as them). */
  citus: boolean;
  /** The roles whose future tables and sequences the role is granted (default privileges FOR ROLE). */
  defaultPrivilegesFor: string[];
}

/**
 * Creates or repairs the application role (see {@link applicationRoleStatements}) through a
 * DataSource connected as the owner of the tables (or a superuser), in one transaction.
 *
 * @returns who ran it, which attributes were skipped, and whose future tables are covered.
 * @throws QueryFailedError (42501) when the role has SUPERUSER, BYPASSRLS or REPLICATION and the
 *   runner is no superuser; its hint is the ALTER ROLE to run as one.
 * @example
 * await createApplicationRole(ownerDataSource, { role: 'app', password: process.env.APP_DB_PASSWORD });
 */
export async function createApplicationRole(owner: DataSource, options: ApplicationRoleOptions): Promise<ApplicationRoleReport> {
  const citus = options.citus ?? (await isCitus(owner));
  const statements = applicationRoleStatements({ ...options, citus });
  return owner.transaction(async (manager) => {
    for (const sql of statements) await manager.query(sql);
    const [me] = await manager.query(
      `SELECT current_user::text AS name, rolsuper AS super, rolcreatedb AS createdb, rolbypassrls AS bypassrls, rolreplication AS replication, ` +
        `current_setting('server_version_num')::int AS v FROM pg_roles WHERE rolname = current_user`,
    );
    const owners: Array<{ owner: string }> = await manager.query(schemaOwnersSql(options.schema ?? 'public'));
    const sixteen = me.v >= 160000;
    const skipped = me.super
      ? []
      : [
          'NOSUPERUSER',
          ...(sixteen && me.bypassrls ? [] : ['NOBYPASSRLS']),
          ...(sixteen && me.replication ? [] : ['NOREPLICATION']),
          ...(!sixteen || me.createdb ? [] : ['NOCREATEDB']),
        ];
    return { runAs: me.name, superuser: me.super, citus, skippedAttributes: skipped, defaultPrivilegesFor: owners.map((o) => o.owner).sort() };
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
