import { QueryFailedError, type DataSource } from 'typeorm';
import { RowLevelSecurityError } from '../../../src/errors';
import { withTenant, withoutTenantScope } from '../../../src/tenancy/with-tenant';
import { describeEachAppRole } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenants, tenantsOf } from '../../support/tenants';

/**
 * The database wall, proven as the application role (not owner, no BYPASSRLS, not superuser):
 * raw SQL that names no tenant at all must still see and change only the current tenant's rows.
 */

type Row = { tenant_id: string; title: string };
const rawTitles = async (ds: DataSource) => ((await ds.query('SELECT tenant_id, title FROM notes ORDER BY title')) as Row[]).map((r) => r.title);

describeEachAppRole('row-level security: raw SQL', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let a: string;
  let b: string;

  beforeAll(async () => {
    const ds = db().app;
    [a, b] = await seedTenants(ds, 'rls-a', 'rls-b');
    for (const [tenant, titles] of [
      [a, ['a1', 'a2']],
      [b, ['b1', 'b2', 'b3']],
    ] as const) {
      await withTenant(tenant, () => ds.getRepository(Note).insert(titles.map((title) => ({ title }))));
    }
  });

  it('runs as a role that is not superuser, has no BYPASSRLS and owns no table', async () => {
    const [role] = await db().app.query(
      `SELECT current_user AS name, r.rolsuper, r.rolbypassrls,
              (SELECT count(*) FROM pg_class c WHERE c.relname IN ('notes', 'tenants') AND pg_has_role(current_user, c.relowner, 'MEMBER'))::int AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(role).toEqual({ name: db().role, rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it('raw SELECT inside withTenant(A) returns only A rows', async () => {
    expect(await withTenant(a, () => rawTitles(db().app))).toEqual(['a1', 'a2']);
    expect(await withTenant(b, () => rawTitles(db().app))).toEqual(['b1', 'b2', 'b3']);
  });

  it('raw SELECT with no tenant returns zero rows (tenants too)', async () => {
    expect(await rawTitles(db().app)).toEqual([]);
    expect(await db().app.query('SELECT id FROM tenants')).toEqual([]);
  });

  it('a tenant sees only its own tenants row', async () => {
    const rows = await withTenant(a, () => db().app.query('SELECT id FROM tenants'));
    expect(rows).toEqual([{ id: a }]);
  });

  it('raw INSERT naming tenant B inside withTenant(A) is refused by the policy; nothing is written', async () => {
    const error = await withTenant(a, () => db().app.query(`INSERT INTO notes (id, tenant_id, title) VALUES (gen_random_uuid(), $1, 'x')`, [b])).catch(
      (e: unknown) => e as Error & { driverError?: { code?: string } },
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as { code?: string }).code).toBe('TENANT_POLICY_VIOLATION');
    const driverError = (error as { driverError?: unknown }).driverError as RowLevelSecurityError;
    expect(driverError).toBeInstanceOf(RowLevelSecurityError);
    expect([driverError.table, driverError.sqlState, (driverError.cause as { code: string }).code]).toEqual(['notes', '42501', '42501']);
    expect(String((error as Error).message)).toMatch(/refused a row of notes .* inside withTenant\(tenantId, fn\)/);
    expect(await withTenant(b, () => rawTitles(db().app))).toEqual(['b1', 'b2', 'b3']);
  });

  it("raw UPDATE moving A's rows to B is refused; raw UPDATE/DELETE of B's rows from A touches nothing", async () => {
    const moved = await withTenant(a, () => db().app.query('UPDATE notes SET tenant_id = $1', [b])).catch((e: Error) => e);
    expect((moved as { code?: string }).code).toBe('TENANT_POLICY_VIOLATION');
    const [, updated] = await withTenant(a, () => db().app.query(`UPDATE notes SET title = 'hacked' WHERE title LIKE 'b%'`));
    const [, deleted] = await withTenant(a, () => db().app.query(`DELETE FROM notes WHERE title LIKE 'b%'`));
    expect([updated, deleted]).toEqual([0, 0]);
    expect(await withTenant(b, () => rawTitles(db().app))).toEqual(['b1', 'b2', 'b3']);
    expect(await withTenant(a, () => rawTitles(db().app))).toEqual(['a1', 'a2']);
  });

  it('raw writes with no tenant are refused too', async () => {
    const error = await db().app.query(`INSERT INTO notes (id, tenant_id, title) VALUES (gen_random_uuid(), $1, 'x')`, [a]).catch((e: Error) => e);
    expect((error as { code?: string }).code).toBe('TENANT_POLICY_VIOLATION');
    const [, updated] = await db().app.query(`UPDATE notes SET title = 'x'`);
    expect(updated).toBe(0);
  });

  it('withoutTenantScope with the registered system key sees every tenant', async () => {
    const rows: Row[] = await withoutTenantScope(() => db().app.query('SELECT tenant_id, title FROM notes'));
    expect(tenantsOf(rows)).toEqual([a, b].sort());
    expect(rows).toHaveLength(5);
  });

  it('ordinary SQL cannot switch the bypass on: a wrong key, a guessed key or a fake tenant list sees nothing', async () => {
    const wrongKey = await db().open({ tenancy: { rowLevelSecurity: { systemKey: 'x'.repeat(43) } } });
    expect(await withoutTenantScope(() => wrongKey.query('SELECT id FROM notes'))).toEqual([]);
    const runner = db().app.createQueryRunner();
    try {
      await runner.query(`SELECT set_config('app.tenant_system_key', 'guess', false)`);
      expect(await runner.query('SELECT id FROM notes')).toEqual([]);
      await expect(runner.query(`SELECT tenancy_system_access() AS open`)).rejects.toThrow(/permission denied for function/);
      // Entering the system role by hand does not help without the key.
      await runner.query('BEGIN');
      await runner.query(`SELECT set_config('role', 'tenancy_system', true), set_config('app.tenant_system_key', 'guess', true)`);
      expect(await runner.query('SELECT id FROM notes')).toEqual([]);
      expect(await runner.query(`SELECT tenancy_system_access() AS open`)).toEqual([{ open: false }]);
      await runner.query('ROLLBACK');
      await expect(runner.query('SELECT * FROM tenancy_private.system_keys')).rejects.toThrow(/permission denied/);
      await expect(runner.query('ALTER TABLE notes DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
      await expect(runner.query('DROP POLICY tenant_isolation ON notes')).rejects.toThrow(/must be owner/);
      await expect(runner.query('TRUNCATE notes')).rejects.toThrow(/permission denied/);
    } finally {
      await runner.release();
    }
  });

  it('repositories, QueryBuilder and transactions work as the application role', async () => {
    const ds = db().app;
    await withTenant(a, async () => {
      const saved = await ds.getRepository(Note).save({ title: 'a3' });
      await ds.transaction(async (m) => {
        await m.getRepository(Note).update({ id: saved.id }, { views: 7 });
        expect(await m.getRepository(Note).countBy({})).toBe(3);
      });
      const viaBuilder = await ds.getRepository(Note).createQueryBuilder('n').where('n.views = :v', { v: 7 }).getMany();
      expect(viaBuilder.map((n) => n.title)).toEqual(['a3']);
      await ds.getRepository(Note).delete({ id: saved.id });
    });
    expect(await withTenant(a, () => rawTitles(ds))).toEqual(['a1', 'a2']);
  });
});
