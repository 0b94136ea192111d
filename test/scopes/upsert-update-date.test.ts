import type { DataSource } from 'typeorm';
import { withTenant } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Label } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * The upsert's update-date column on conflict. TypeORM writes `"updated_at" = DEFAULT` into
 * `DO UPDATE SET`, which Citus refuses (the default `now()` is not IMMUTABLE); on PostgreSQL the
 * guard takes it from `EXCLUDED` when no row sets it (the same value). Here: the SQL shape on the
 * PostgreSQL family, and on every target that the column still moves on conflict and the guard
 * still keeps another tenant's row. On Citus itself: test/citus/citus-writes.test.ts.
 */
describeEachDatabase('upsert keeps the update date without a function in DO UPDATE SET', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db, target) => {
  let ds: DataSource;
  let A: TenantSeed;
  let B: TenantSeed;
  const pg = target.family === 'postgres';
  const row = async (code: string) => (await ds.query(`SELECT name, updated_at, tenant_id FROM labels WHERE code = '${code}'`))[0];

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTwoTenants(ds);
  });

  (pg ? it : it.skip)('PostgreSQL family: "updated_at" = EXCLUDED."updated_at" when no row sets it, TypeORM\'s DEFAULT when one does', async () => {
    const sql = (values: Partial<Label>) =>
      withTenant(A.tenantId, () => ds.createQueryBuilder().insert().into(Label).values(values).orUpdate(['name'], ['code']).getQuery());
    const defaulted = await sql({ code: 'c', name: 'n' });
    expect(defaulted).toContain('"updated_at" = EXCLUDED."updated_at"');
    expect(defaulted).not.toMatch(/= DEFAULT/);
    expect(defaulted).toMatch(/WHERE .*"tenant_id" = EXCLUDED\."tenant_id"/);
    expect(await sql({ code: 'c', name: 'n', updatedAt: new Date('2001-01-01T00:00:00Z') })).toContain('"updated_at" = DEFAULT');
  });

  it('on conflict the update date moves to the upsert\'s time and the name is overwritten', async () => {
    const code = `${A.tenantId}-dated`;
    const repo = ds.getRepository(Label);
    await withTenant(A.tenantId, () => repo.upsert([{ code, name: 'one' }], ['code']));
    await ds.query(`UPDATE labels SET updated_at = '2000-01-01 00:00:00' WHERE code = '${code}'`);
    await withTenant(A.tenantId, () => repo.upsert([{ code, name: 'two' }], ['code']));
    const after = await row(code);
    expect(after.name).toBe('two');
    expect(new Date(after.updated_at).getUTCFullYear()).toBeGreaterThan(2020);
  });

  it("the guard still keeps another tenant's row (the WHERE of DO UPDATE is unchanged)", async () => {
    const theirs = B.labels[0];
    await withTenant(A.tenantId, () => ds.getRepository(Label).upsert([{ code: theirs.code, name: 'pwned' }], ['code'])).catch(() => undefined);
    const kept = await row(theirs.code);
    expect(kept.name).not.toBe('pwned');
    expect(String(kept.tenant_id).toLowerCase()).toBe(B.tenantId);
  });
});
