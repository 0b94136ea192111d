import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  applicationRoleStatements,
  createApplicationRole,
  registerSystemKey,
  revokeSystemKeys,
} from '../../src/dialect/postgres-app-role';
import { SYSTEM_ROLE, TENANT_ROLE } from '../../src/dialect/postgres-rls';
import { describeEachAppRole } from '../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { inWallScope, sqlStateOf } from '../support/wall-scope';

describe('applicationRoleStatements', () => {
  it('creates a login role without superuser, BYPASSRLS or TRUNCATE, and refuses odd names', () => {
    const sql = applicationRoleStatements({ role: 'app', password: "it's" }).join('\n');
    expect(sql).toMatch(/NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT/);
    expect(sql).toContain(`EXECUTE 'GRANT "${TENANT_ROLE}", "${SYSTEM_ROLE}" TO "app" WITH INHERIT FALSE, SET TRUE'`);
    expect(sql).toContain("REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC, \"app\"");
    expect(sql).toContain('REVOKE EXECUTE ON FUNCTION "tenancy_system_access"() FROM PUBLIC, "app"');
    expect(sql).toContain("PASSWORD 'it''s'");
    expect(sql).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "app"');
    expect(sql).not.toMatch(/TRUNCATE|BYPASSRLS\b(?<!NOBYPASSRLS)/);
    for (const role of ['App', 'a-b', 'x"; DROP TABLE t; --', '']) {
      expect(() => applicationRoleStatements({ role })).toThrow(/plain lower-case identifier/);
    }
  });
});

describeEachAppRole('application role', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let opened: DataSource | undefined; // one: PGlite serves four clients at most
  /** The application role without any settings layer: the tests send the settings themselves. */
  const rawApp = async () => (opened ??= await db().open({ tenancy: false }));
  it('running the setup again repairs a role someone widened (BYPASSRLS) and is otherwise harmless', async () => {
    const { owner, role } = db();
    if (!owner) return; // PGlite runs as the role itself; the owner session is gone
    await owner.query(`ALTER ROLE ${role} BYPASSRLS`);
    await createApplicationRole(owner, { role });
    const [attrs] = await owner.query('SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1', [role]);
    expect(attrs).toEqual({ rolbypassrls: false, rolsuper: false });
  });

  it('tables created later by the owner are granted through default privileges', async () => {
    const { owner, app } = db();
    if (!owner) return;
    await owner.query('CREATE TABLE later_table (id int)');
    await expect(app.query('SELECT count(*)::int AS n FROM later_table')).resolves.toEqual([{ n: 0 }]);
  });

  it('a revoked system key stops unlocking, a newly registered one starts', async () => {
    const { owner, systemKey } = db();
    if (!owner) return;
    const raw = await rawApp();
    await inWallScope(raw, { systemKey }, (q) => q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'K', 'keys-${randomBytes(3).toString('hex')}')`), { commit: true });
    const visible = () => inWallScope(raw, { systemKey }, (q) => q('SELECT id FROM tenants'));
    expect((await visible()).length).toBeGreaterThan(0);
    expect(await revokeSystemKeys(owner)).toBe(1);
    expect(await visible()).toEqual([]);
    await registerSystemKey(owner, systemKey, 'again');
    expect((await visible()).length).toBeGreaterThan(0);
    await expect(registerSystemKey(owner, 'short')).rejects.toThrow(/at least 32/);
  });

  it('the role can log in and is subject to the policies (checked with a plain pg client)', async () => {
    if (db().target.name === 'pglite') return;
    const url = new URL(db().app.driver.options.type === 'postgres' ? `postgres://x@127.0.0.1:5432/${(db().app.options as { database: string }).database}` : '');
    url.username = db().role;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const [all] = await db().owner!.query('SELECT count(*)::int AS n FROM tenants');
      expect(all.n).toBeGreaterThan(0);
      const { rows } = await client.query('SELECT count(*)::int AS n FROM tenants');
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('as itself (no settings) the role matches no policy: reads see nothing, writes fail 42501; global tables stay readable', async () => {
    const raw = await rawApp();
    const { systemKey } = db();
    const [tenant] = await inWallScope(raw, { systemKey }, (q) => q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'S', 'self-${randomBytes(3).toString('hex')}') RETURNING id`), { commit: true });
    await inWallScope(raw, { tenantId: tenant.id }, (q) => q(`INSERT INTO notes (id, tenant_id, title) VALUES (gen_random_uuid(), $1, 'mine')`, [tenant.id]), { commit: true });
    expect(await raw.query('SELECT current_user AS u, count(*)::int AS n FROM notes')).toEqual([{ u: db().role, n: 0 }]);
    expect(await raw.query('SELECT count(*)::int AS n FROM tenants')).toEqual([{ n: 0 }]);
    expect(await raw.query('SELECT count(*)::int AS n FROM migrations')).not.toEqual([{ n: 0 }]);
    expect(await sqlStateOf(() => raw.query(`INSERT INTO notes (id, tenant_id, title) VALUES (gen_random_uuid(), $1, 'x')`, [tenant.id]))).toBe('42501');
    // The settings alone, without the role, change nothing: the policies name the roles.
    const settingsOnly = await inWallScope(raw, null, async (q) => {
      await q(`SELECT set_config('app.tenant_id', $1, true)`, [tenant.id]);
      return q('SELECT count(*)::int AS n FROM notes');
    });
    expect(settingsOnly).toEqual([{ n: 0 }]);
    expect(await inWallScope(raw, { tenantId: tenant.id }, (q) => q('SELECT title FROM notes'))).toEqual([{ title: 'mine' }]);
  });

  it('tenancy_system sees nothing without a key or with a wrong one, everything with a registered one', async () => {
    const raw = await rawApp();
    const { systemKey } = db();
    await inWallScope(raw, { systemKey }, (q) => q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'Y', 'sys-${randomBytes(3).toString('hex')}')`), { commit: true });
    const count = (key: string) => inWallScope(raw, { systemKey: key }, async (q) => (await q('SELECT count(*)::int AS n FROM tenants'))[0].n);
    expect(await count('')).toBe(0);
    expect(await count('x'.repeat(40))).toBe(0);
    expect(await count(systemKey)).toBeGreaterThan(0);
    const state = (key: string) => inWallScope(raw, { systemKey: key }, (q) => q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'Z', 'z')`)).then(() => 'ok', (e) => e.driverError?.code);
    expect(await state('')).toBe('42501');
  });

  it('the role cannot read tenancy_private, call the key check as itself, enter a role it was not granted, or create temp tables', async () => {
    const raw = await rawApp();
    expect(await sqlStateOf(() => raw.query('SELECT * FROM tenancy_private.system_keys'))).toBe('42501');
    expect(await sqlStateOf(() => raw.query('SELECT tenancy_system_access()'))).toBe('42501');
    // As tenancy_system it may call it, and without the key it answers false.
    expect(await inWallScope(raw, { systemKey: '' }, (q) => q('SELECT tenancy_system_access() AS ok'))).toEqual([{ ok: false }]);
    // PGlite's session user stays the superuser (it only switches the role: docs/security.md, Limits).
    if (db().target.name !== 'pglite') expect(await sqlStateOf(() => raw.query(`SELECT set_config('role', 'postgres', true)`))).toBe('42501');
    expect(await sqlStateOf(() => raw.query('CREATE TEMP TABLE notes (id int)'))).toBe('42501');
    const [privileges] = await raw.query(
      `SELECT has_database_privilege(current_user, current_database(), 'TEMP') AS temp,
              pg_has_role(current_user, '${TENANT_ROLE}', 'USAGE') AS inherits_tenant, pg_has_role(current_user, '${SYSTEM_ROLE}', 'USAGE') AS inherits_system,
              pg_has_role(current_user, '${TENANT_ROLE}', 'MEMBER') AS member`,
    );
    expect(privileges).toEqual({ temp: false, inherits_tenant: false, inherits_system: false, member: true });
  });

  it('re-running the setup takes inheritance away from a grant that had it (PostgreSQL 16+) or from the role (15)', async () => {
    const { owner, role } = db();
    if (!owner) return;
    const [{ v }] = await owner.query(`SELECT current_setting('server_version_num')::int AS v`);
    if (v >= 160000) await owner.query(`GRANT ${SYSTEM_ROLE} TO ${role} WITH INHERIT TRUE`);
    else await owner.query(`ALTER ROLE ${role} INHERIT`);
    const inherits = async () => (await owner.query(`SELECT pg_has_role($1, '${SYSTEM_ROLE}', 'USAGE') AS u`, [role]))[0].u;
    expect(await inherits()).toBe(true);
    await createApplicationRole(owner, { role });
    expect(await inherits()).toBe(false);
  });
});
