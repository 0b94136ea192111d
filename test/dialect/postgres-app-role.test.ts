import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  applicationRoleStatements,
  createApplicationRole,
  registerSystemKey,
  revokeSystemKeys,
} from '../../src/dialect/postgres-app-role';
import { withoutTenantScope } from '../../src/tenancy/with-tenant';
import { describeEachAppRole } from '../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { seedTenants } from '../support/tenants';

describe('applicationRoleStatements', () => {
  it('creates a login role without superuser, BYPASSRLS or TRUNCATE, and refuses odd names', () => {
    const sql = applicationRoleStatements({ role: 'app', password: "it's" }).join('\n');
    expect(sql).toMatch(/NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE/);
    expect(sql).toContain("PASSWORD 'it''s'");
    expect(sql).toContain('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "app"');
    expect(sql).not.toMatch(/TRUNCATE|BYPASSRLS\b(?<!NOBYPASSRLS)/);
    for (const role of ['App', 'a-b', 'x"; DROP TABLE t; --', '']) {
      expect(() => applicationRoleStatements({ role })).toThrow(/plain lower-case identifier/);
    }
  });
});

describeEachAppRole('application role', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
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
    const { owner, app, systemKey } = db();
    if (!owner) return;
    await seedTenants(app, `keys-${randomBytes(3).toString('hex')}`);
    const visible = () => withoutTenantScope(() => app.query('SELECT id FROM tenants'));
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
});
