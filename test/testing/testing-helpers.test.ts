import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { Tenant } from '../../src/entities/tenant.entity';
import { RowsOutsideTenantError } from '../../src/errors';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { asTenant, createContextLeakCheck, createTenant, expectOnlyTenant, openTestDatabase, type TestDatabase } from '../../src/testing';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { isAvailable, TARGETS, type Target } from '../support/targets';

/** What a user passes: 'pglite', or the server's URL with the scheme naming the driver. */
const spec = (target: Target) => (target.name === 'pglite' ? 'pglite' : target.url!.replace(/^[a-z]+:/, `${target.name}:`));

async function databaseExists(target: Target, name: string): Promise<boolean> {
  if (target.family === 'postgres') {
    const client = new Client({ connectionString: target.url });
    await client.connect();
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await client.end();
    return rows.length === 1;
  }
  const connection = await createConnection({ uri: target.url });
  const [rows] = await connection.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name]);
  await connection.end();
  return (rows as unknown[]).length === 1;
}

for (const target of TARGETS) {
  (isAvailable(target) ? describe : describe.skip)(`typeorm-tenancy/testing [${target.name}]`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await openTestDatabase(spec(target), { entities: [Notebook, Note], migrations: [CreateTestTables1800000000000] });
    });
    afterAll(async () => db?.close());

    it('openTestDatabase(url | "pglite"): its own migrated database, the driver the scheme names; close() drops it', async () => {
      expect(db.dataSource.options.type).toBe(target.family === 'postgres' ? 'postgres' : target.name);
      expect(db.dataSource.isInitialized).toBe(true);
      const counted = await withoutTenantScope(() => db.dataSource.query('SELECT COUNT(*) AS n FROM notes'));
      expect(Number(counted[0].n)).toBe(0);
      const other = await openTestDatabase(spec(target), { migrate: false });
      const name = String(other.dataSource.options.database);
      await other.close();
      expect(other.url).not.toBe(db.url); // another database (pglite: another embedded server)
      expect(other.dataSource.isInitialized).toBe(false);
      if (target.name !== 'pglite') expect(await databaseExists(target, name)).toBe(false);
    });

    it('createTenant (random or given slug), asTenant (a Tenant or its id) and expectOnlyTenant on entities and raw rows', async () => {
      const a = await createTenant(db.dataSource);
      const b = await createTenant(db.dataSource, { slug: `b-${target.name}` });
      expect(a).toBeInstanceOf(Tenant);
      expect([a.slug, b.slug, b.name]).toEqual([expect.stringMatching(/^t-[0-9a-f]{10}$/), `b-${target.name}`, `B-${target.name.toUpperCase()}`]);
      const notes = db.dataSource.getRepository(Note);
      await asTenant(a, () => notes.insert([{ title: 'a1' }, { title: 'a2' }]));
      await asTenant(b.id, () => notes.insert([{ title: 'b1' }]));
      const own = await asTenant(a, () => notes.find());
      expect(own).toHaveLength(2);
      expectOnlyTenant(own, a);
      const raw = await withoutTenantScope(() => db.dataSource.query("SELECT id, tenant_id FROM notes WHERE title = 'b1'"));
      expectOnlyTenant(raw, b.id.toUpperCase()); // raw rows (tenant_id), ids compared case-insensitively
    });

    it('expectOnlyTenant throws RowsOutsideTenantError naming the offending rows (ids and tenants: test data)', async () => {
      const all = await withoutTenantScope(() => db.dataSource.getRepository(Note).find());
      const a = all.find((n) => n.title === 'a1')!.tenantId;
      const bRow = all.find((n) => n.title === 'b1')!;
      const error = (() => {
        try {
          expectOnlyTenant(all, a);
        } catch (e) {
          return e as RowsOutsideTenantError;
        }
      })();
      expect(error).toBeInstanceOf(RowsOutsideTenantError);
      expect(error!.code).toBe('TEST_ROWS_OUTSIDE_TENANT');
      expect(error!.offending).toEqual([`${bRow.id} (tenant ${bRow.tenantId})`]);
      expect(error!.message).toContain(`1 of 3 row(s) are not tenant ${a}`);
      expect(() => expectOnlyTenant([], a)).toThrow(/proves nothing/);
      expect(() => expectOnlyTenant([], a, { allowEmpty: true })).not.toThrow();
      expect(() => expectOnlyTenant([{ title: 'no tenant column' }], a)).toThrow('#0 (tenant missing)');
    });

    it('the leak check stays quiet for awaited database work, and reports (and cancels) work left running inside withTenant', async () => {
      const notes = db.dataSource.getRepository(Note);
      const tenant = await createTenant(db.dataSource);
      const check = createContextLeakCheck();
      check.start();
      await withTenant(tenant.id, async () => {
        await notes.insert({ title: 'awaited' });
        await notes.find();
        await db.dataSource.transaction((m) => m.getRepository(Note).count());
      });
      expect(await check.finish()).toEqual([]);

      check.start();
      const unawaited = withTenant(tenant.id, async () => {
        setTimeout(() => void notes.insert({ title: 'late' }), 200);
        await new Promise((r) => setTimeout(r, 50));
        await notes.count(); // the async function is still running at the check
      });
      const leaks = await check.finish();
      expect(new Set(leaks.map((l) => l.kind))).toEqual(new Set(['pending']));
      expect(leaks.map((l) => l.description).join('\n')).toMatch(new RegExp(`timer \\(setTimeout/setInterval\\) started inside withTenant\\(${tenant.id}\\) at .*testing-helpers\\.test\\.ts`));
      expect(leaks.map((l) => l.description).join('\n')).toContain('pending promise (unawaited work?)');
      void unawaited; // never settles: its timer was cleared with the leaked one
      await new Promise((r) => setTimeout(r, 300));
      expect(await withTenant(tenant.id, () => notes.countBy({ title: 'late' }))).toBe(0); // the leaked timer was cleared
    });
  });
}
