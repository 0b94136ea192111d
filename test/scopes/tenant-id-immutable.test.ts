import type { DataSource } from 'typeorm';
import { Tenant } from '../../src/entities/tenant.entity';
import { TenantMismatchError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, expectRefused, seedTenantNotes } from '../support/tenants';

/**
 * Regression: on PostgreSQL as owner, tenant A could change its own tenants.id and ON UPDATE
 * CASCADE moved all its rows. tenants.id is now immutable like tenant_id: refused by the scope
 * layer (TENANT_MISMATCH) and, for raw SQL, by the database (no ON UPDATE action on the keys).
 */
describeEachDatabase('tenants.id is immutable', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let A: string;
  const tenants = () => ds.getRepository(Tenant);
  const moved = uuidv7();
  const unchanged = async () => {
    expect(await countRows(ds, 'tenants', `id = '${A}'`)).toBe(1);
    expect(await countRows(ds, 'tenants', `id = '${moved}'`)).toBe(0);
    expect(await countRows(ds, 'notes', `tenant_id = '${A}'`)).toBe(2);
  };

  beforeAll(async () => {
    ds = db().dataSource;
    [A] = await seedTenantNotes(ds, ['alpha'], ['one', 'two']);
  });

  it('QueryBuilder update of tenants.id is refused inside the tenant and inside withoutTenantScope', async () => {
    const rekey = () => ds.createQueryBuilder().update(Tenant).set({ id: moved }).where('id = :id', { id: A }).execute();
    const error = await expectRefused(ds, 'tenants', () => withTenant(A, rekey), TenantMismatchError, 'TENANT_MISMATCH');
    expect(error.message).toMatch(/tenants\.id is immutable/);
    await expectRefused(ds, 'tenants', () => withoutTenantScope(rekey), TenantMismatchError, 'TENANT_MISMATCH');
    await expectRefused(ds, 'tenants', () => withTenant(A, () => ds.createQueryBuilder().update(Tenant).set({ id: moved }).where('id = :id', { id: A }).callListeners(false).execute()), TenantMismatchError, 'TENANT_MISMATCH');
    await unchanged();
  });

  it('repository update() of tenants.id is refused, also as an SQL expression', async () => {
    await expectRefused(ds, 'tenants', () => withTenant(A, () => tenants().update({ id: A }, { id: moved })), TenantMismatchError, 'TENANT_MISMATCH');
    await expectRefused(ds, 'tenants', () => withoutTenantScope(() => tenants().update({ id: A }, { id: moved })), TenantMismatchError, 'TENANT_MISMATCH');
    await expectRefused(ds, 'tenants', () => withTenant(A, () => tenants().update({ id: A }, { id: () => `'${moved}'` })), TenantMismatchError, 'TENANT_MISMATCH');
    await unchanged();
  });

  it('save() of the tenant with a changed id is refused (it would create another tenant)', async () => {
    const own = await withTenant(A, () => tenants().findOneByOrFail({ id: A }));
    await expectRefused(ds, 'tenants', () => withTenant(A, () => tenants().save({ ...own, id: moved })), TenantMismatchError, 'TENANT_MISMATCH');
    await unchanged();
  });

  it('updates that keep the id, and other columns, still work', async () => {
    await withTenant(A, () => tenants().update({ id: A }, { id: A, name: 'Renamed' }));
    expect((await withoutTenantScope(() => tenants().findOneByOrFail({ id: A }))).name).toBe('Renamed');
  });

  it('raw SQL as the table owner cannot re-key a tenant that has rows (the keys have no ON UPDATE CASCADE)', async () => {
    const mark = (i: number) => (db().target.family === 'postgres' ? `$${i}` : '?');
    await expect(ds.query(`UPDATE tenants SET id = ${mark(1)} WHERE id = ${mark(2)}`, [moved, A])).rejects.toThrow();
    await unchanged();
  });
});
