import { randomBytes } from 'node:crypto';
import { appRoleCommand } from '../../src/cli/app-role-command';
import { describeEachDatabase } from '../support/scratch-database';

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
