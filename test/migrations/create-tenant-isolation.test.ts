import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { registerSystemKey } from '../../src/dialect/postgres-app-role';
import { SYSTEM_ROLE, TENANT_ROLE } from '../../src/dialect/postgres-rls';
import { CreateTenantIsolation0099 } from '../../src/migrations/0099-create-tenant-isolation';
import { CreateTenants0100 } from '../../src/migrations/0100-create-tenants';
import { CreateTestTables1800000000000 } from '../support/fixtures';
import { allowingDropWithRows } from '../support/allow-drop-with-rows';
import { isAvailable, PG_URL, TARGETS } from '../support/targets';
import { inWallScope, sqlStateOf } from '../support/wall-scope';

/**
 * Migration 0099 run by a migrating owner that is not a superuser (PostgreSQL server only: PGlite
 * runs its migrations as its superuser): it is made a member of both wall roles, enters
 * tenancy_system with the key for a data migration, matches no policy as itself, and the way down
 * leaves the cluster-wide roles in place while taking this database's grants to them away.
 */
const server = TARGETS.find((t) => t.name === 'postgres')!;
(isAvailable(server) ? describe : describe.skip)('migration 0099 as a non-superuser owner [postgres]', () => {
  const suffix = randomBytes(5).toString('hex');
  const owner = `tt_own_${suffix}`;
  const database = `tt_own_${suffix}`;
  let admin: Client;
  let ds: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${owner} LOGIN CREATEROLE NOSUPERUSER`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${owner}`);
    const url = new URL(PG_URL.replace(/\/[^/]*$/, `/${database}`));
    url.username = owner;
    ds = new DataSource({
      ...connectionOptionsFromUrl(url.toString()),
      migrations: [CreateTenantIsolation0099, CreateTenants0100, CreateTestTables1800000000000],
      extra: { max: 1 },
    });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });

  it('makes the owner a member of both wall roles, and a data migration enters tenancy_system with the key', async () => {
    const [m] = await ds.query(`SELECT pg_has_role(current_user, $1, 'MEMBER') AS tenant, pg_has_role(current_user, $2, 'MEMBER') AS system`, [TENANT_ROLE, SYSTEM_ROLE]);
    expect(m).toEqual({ tenant: true, system: true });
    const key = randomBytes(32).toString('base64url');
    await registerSystemKey(ds, key, 'owner data migration');
    // As itself the owner matches no policy: RLS is forced, so it reads and writes no tenant row.
    expect(await sqlStateOf(() => ds.query(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'O', 'o')`))).toBe('42501');
    const seen = await inWallScope(ds, { systemKey: key }, async (q) => {
      await q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'O', 'o')`);
      return q('SELECT count(*)::int AS n FROM tenants');
    }, { commit: true });
    expect(seen).toEqual([{ n: 1 }]);
    expect(await ds.query('SELECT count(*)::int AS n FROM tenants')).toEqual([{ n: 0 }]);
  });

  it('down: the roles stay (cluster-wide), the function and this database\'s grants to them go', async () => {
    // tenants holds the row written above and a system key is registered: allowed on purpose.
    await allowingDropWithRows(async () => {
      for (let i = 0; i < 3; i++) await ds.undoLastMigration({ transaction: 'each' });
    });
    const [state] = await ds.query(
      `SELECT (SELECT count(*)::int FROM pg_roles WHERE rolname IN ($1, $2)) AS roles,
              to_regprocedure('tenancy_system_access()') IS NULL AS function_gone,
              (SELECT count(*)::int FROM pg_default_acl d, unnest(d.defaclacl) a WHERE a::text ~ ('^(' || $1 || '|' || $2 || ')=')) AS default_acls,
              has_table_privilege($1, 'migrations', 'SELECT') AS migrations_table`,
      [TENANT_ROLE, SYSTEM_ROLE],
    );
    expect(state).toEqual({ roles: 2, function_gone: true, default_acls: 0, migrations_table: false });
  });
});
