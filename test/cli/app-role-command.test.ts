import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { appRoleCommand } from '../../src/cli/app-role-command';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { bundledEntities } from '../../src/entities';
import { bundledMigrations } from '../../src/migrations';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid';
import { describeEachDatabase } from '../support/scratch-database';
import { isAvailable, PG_URL, TARGETS } from '../support/targets';

describe('typeorm-tenancy app-role, usage', () => {
  it('needs --role, and prints the SQL without connecting when asked', async () => {
    const out: string[] = [];
    expect(await appRoleCommand({}, (l) => out.push(l))).toBe(2);
    expect(out[0]).toMatch(/--role <name> is required/);
    out.length = 0;
    expect(await appRoleCommand({ role: 'app', print: true, password: 'pw' }, (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toMatch(/CREATE ROLE "app" LOGIN NOSUPERUSER NOBYPASSRLS[\s\S]*PASSWORD 'pw'[\s\S]*GRANT SELECT, INSERT, UPDATE, DELETE/);
  });
});

describeEachDatabase('typeorm-tenancy app-role', {}, (db) => {
  it('creates the role and registers TENANCY_SYSTEM_KEY on PostgreSQL; refuses the MySQL family with the reason', async () => {
    const role = `tt_cli_${randomBytes(4).toString('hex')}`;
    const key = randomBytes(32).toString('base64url');
    const out: string[] = [];
    const code = await appRoleCommand({ role, url: db().url, systemKey: key }, (l) => out.push(l));
    if (db().target.family === 'mysql') {
      expect(code).toBe(2);
      expect(out.join('\n')).toMatch(/MySQL family has no row-level security/);
      return;
    }
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/System key from TENANCY_SYSTEM_KEY registered/);
    const ds = db().dataSource;
    const [attrs] = await ds.query('SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1', [role]);
    expect(attrs).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: true });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM tenancy_private.system_keys WHERE key_hash = sha256(convert_to($1, 'UTF8'))`, [key]);
    expect(n).toBe(1);
    // Roles are cluster-wide: drop it (DROP OWNED also revokes its grants and default privileges).
    await ds.query(`DROP OWNED BY ${role}`);
    await ds.query(`DROP ROLE ${role}`);
  });
});

/**
 * The usual production setup, from scratch: a dedicated owner role that is NOT a superuser (LOGIN
 * CREATEROLE), a database it owns, the bundled migrations run as it, then `app-role` run as it, or
 * by the superuser on its database. Roles are cluster-wide: every name is unique and dropped.
 */
const pgServer = TARGETS.find((t) => t.name === 'postgres')!;
(isAvailable(pgServer) ? describe : describe.skip)('typeorm-tenancy app-role for a non-superuser owner with CREATEROLE [postgres]', () => {
  const tag = randomBytes(4).toString('hex');
  const owner = `cli_owner_${tag}`;
  const database = `cli_db_${tag}`;
  const appRoles = [`cli_app_${tag}`, `cli_app_su_${tag}`];
  const urlAs = (role: string, db = database) => {
    const u = new URL(PG_URL);
    u.username = role;
    u.password = '';
    u.pathname = `/${db}`;
    return u.toString();
  };
  const admin = async <T>(fn: (c: Client) => Promise<T>, db?: string): Promise<T> => {
    const client = new Client({ connectionString: db ? urlAs(new URL(PG_URL).username, db) : PG_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const opened: DataSource[] = [];
  const connect = async (role: string, systemKey?: string) => {
    const ds = new DataSource({ ...connectionOptionsFromUrl(urlAs(role)), entities: bundledEntities, extra: { max: 1 } } as DataSourceOptions);
    enableTenancy(ds, systemKey ? { rowLevelSecurity: { systemKey } } : {});
    await ds.initialize();
    opened.push(ds);
    return ds;
  };

  beforeAll(async () => {
    await admin(async (c) => {
      await c.query(`CREATE ROLE ${owner} LOGIN CREATEROLE`);
      await c.query(`CREATE DATABASE ${database} OWNER ${owner}`);
    });
    const ds = new DataSource({ ...connectionOptionsFromUrl(urlAs(owner)), migrations: bundledMigrations, migrationsTransactionMode: 'each' } as DataSourceOptions);
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
  }, 180_000);

  afterAll(async () => {
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const role of [...appRoles, owner]) await c.query(`DROP ROLE IF EXISTS ${role}`);
    });
  });

  /** As the app role: a tenant made with the system key, a row written and read through the wall, none without a tenant. */
  const throughTheWall = async (role: string, systemKey: string) => {
    const app = await connect(role, systemKey);
    const tenant = uuidv7();
    await withoutTenantScope(() => app.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'T', $2)`, [tenant, `t-${tenant}`]));
    await withTenant(tenant, () => app.query(`INSERT INTO venues (id, tenant_id, name) VALUES ($1, $2, 'hall')`, [uuidv7(), tenant]));
    expect(await withTenant(tenant, () => app.query('SELECT name FROM venues'))).toEqual([{ name: 'hall' }]);
    expect(await app.query('SELECT count(*)::int AS n FROM venues')).toEqual([{ n: 0 }]);
    return app;
  };

  it('run as the owner: succeeds, says which attributes it skipped, and the role works through the wall and on tables the owner creates later', async () => {
    const role = appRoles[0];
    const key = randomBytes(32).toString('base64url');
    const out: string[] = [];
    expect(await appRoleCommand({ role, url: urlAs(owner), systemKey: key }, (l) => out.push(l))).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(new RegExp(`Run as ${owner}, not a superuser: NOSUPERUSER NOBYPASSRLS NOREPLICATION not set`));
    expect(text).toContain(`Default privileges FOR ROLE ${owner}:`);
    const [attrs] = await admin((c) => c.query('SELECT rolsuper, rolbypassrls, rolreplication, rolinherit, rolcanlogin FROM pg_roles WHERE rolname = $1', [role]).then((r) => r.rows));
    expect(attrs).toEqual({ rolsuper: false, rolbypassrls: false, rolreplication: false, rolinherit: false, rolcanlogin: true });
    const app = await throughTheWall(role, key);
    // A table the owner creates after app-role (e.g. a later migration) is usable by the role.
    await admin((c) => c.query(`SET ROLE ${owner}; CREATE TABLE cli_later_owner (id int); RESET ROLE`), database);
    await app.query('INSERT INTO cli_later_owner VALUES (1)');
    expect(await app.query('SELECT count(*)::int AS n FROM cli_later_owner')).toEqual([{ n: 1 }]);
  });

  it('run as the owner on a role someone widened (BYPASSRLS): refused with the ALTER ROLE a superuser must run', async () => {
    const role = appRoles[0];
    await admin((c) => c.query(`ALTER ROLE ${role} BYPASSRLS`));
    try {
      await expect(appRoleCommand({ role, url: urlAs(owner) }, () => undefined)).rejects.toMatchObject({
        message: expect.stringMatching(/has attributes only a superuser can take away/),
        driverError: expect.objectContaining({ hint: `as a superuser: ALTER ROLE ${role} NOBYPASSRLS; then run app-role again` }),
      });
    } finally {
      await admin((c) => c.query(`ALTER ROLE ${role} NOBYPASSRLS`));
    }
  });

  it('run by the superuser on the owner\'s database: default privileges attach to the owner, not to the superuser', async () => {
    const role = appRoles[1];
    const key = randomBytes(32).toString('base64url');
    const out: string[] = [];
    expect(await appRoleCommand({ role, url: urlAs(new URL(PG_URL).username), systemKey: key }, (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).not.toMatch(/not a superuser/);
    expect(out.join('\n')).toContain(`Default privileges FOR ROLE ${owner}:`);
    const app = await throughTheWall(role, key);
    await admin((c) => c.query(`SET ROLE ${owner}; CREATE TABLE cli_later_su (id int); RESET ROLE`), database);
    await app.query('INSERT INTO cli_later_su VALUES (1)');
    expect(await app.query('SELECT count(*)::int AS n FROM cli_later_su')).toEqual([{ n: 1 }]);
  });
});
