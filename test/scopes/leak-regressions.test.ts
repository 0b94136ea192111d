import type { DataSource } from 'typeorm';
import { Tenant } from '../../src/entities/tenant.entity';
import { MissingTenantError, TenantMismatchError, UnscopableQueryError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Folder, Label, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { MemoryCache } from '../support/memory-cache';
import { tenantsIn } from '../support/observe';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, expectRefused } from '../support/tenants';

/** Regression tests named after the leak paths of GUIDE §3: each one leaked before the guard. */
describeEachDatabase('leak regressions', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  let B: TenantSeed;
  const labelOf = async (id: string) => (await ds.query(`SELECT name, tenant_id FROM labels WHERE id = '${id}'`))[0];
  const links = () => countRows(ds, 'task_labels');

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTwoTenants(ds);
  });

  it("upsert cannot overwrite another tenant's row through a global unique key", async () => {
    const theirs = B.labels[0];
    await withTenant(A.tenantId, () => ds.getRepository(Label).upsert([{ code: theirs.code, name: 'pwned' }], ['code'])).catch(() => undefined);
    expect(await labelOf(theirs.id)).toEqual({ name: 'red', tenant_id: expect.stringMatching(new RegExp(B.tenantId, 'i')) });
  });

  it("upsert on the primary key of another tenant's row is refused (TENANT_MISMATCH)", async () => {
    const theirs = B.labels[0];
    await expectRefused(ds, 'labels', () => withTenant(A.tenantId, () => ds.getRepository(Label).upsert([{ id: theirs.id, code: 'x', name: 'pwned' }], ['id'])), TenantMismatchError, 'TENANT_MISMATCH');
    expect((await labelOf(theirs.id)).name).toBe('red');
  });

  it('upsert of own rows still inserts and updates', async () => {
    const repo = ds.getRepository(Label);
    await withTenant(A.tenantId, () => repo.upsert([{ code: `${A.tenantId}-up`, name: 'one' }], ['code']));
    await withTenant(A.tenantId, () => repo.upsert([{ code: `${A.tenantId}-up`, name: 'two' }], ['code']));
    expect(await withTenant(A.tenantId, () => repo.findOneByOrFail({ code: `${A.tenantId}-up` }))).toMatchObject({ name: 'two', tenantId: A.tenantId });
  });

  it('relation(...).of(...).add/set/remove refuse rows of another tenant', async () => {
    const before = await links();
    const rel = () => ds.createQueryBuilder().relation(Task, 'labels');
    await expect(withTenant(A.tenantId, () => rel().of(A.tasks[1]).add(B.labels[0]))).rejects.toBeInstanceOf(TenantMismatchError);
    await expect(withTenant(A.tenantId, () => rel().of(B.tasks[1]).add(A.labels[0]))).rejects.toBeInstanceOf(TenantMismatchError);
    await expect(withTenant(A.tenantId, () => rel().of(B.tasks[0]).remove(B.labels[0]))).rejects.toBeInstanceOf(TenantMismatchError);
    await expect(withTenant(A.tenantId, () => ds.createQueryBuilder().relation(Task, 'project').of(A.tasks[1]).set(B.project))).rejects.toBeInstanceOf(TenantMismatchError);
    expect(await links()).toBe(before);
    await withTenant(A.tenantId, () => rel().of(A.tasks[1]).add(A.labels[0]));
    expect(await links()).toBe(before + 1);
  });

  it('save() of a many-to-many holding a foreign row writes no junction row', async () => {
    const before = await links();
    await expect(withTenant(A.tenantId, () => ds.getRepository(Task).save({ ...A.tasks[2], labels: [B.labels[1]] }))).rejects.toBeInstanceOf(TenantMismatchError);
    expect(await links()).toBe(before);
  });

  it('insert().valuesFromSelect() is refused inside a tenant and allowed unscoped', async () => {
    const copy = () =>
      ds.createQueryBuilder().insert().into(Folder, ['id', 'tenantId', 'name'])
        .valuesFromSelect(ds.getRepository(Folder).createQueryBuilder('f').select(['f.id', 'f.tenantId', 'f.name']).where('1 = 0'));
    await expectRefused(ds, 'folders', () => withTenant(A.tenantId, () => copy().execute()), UnscopableQueryError, 'QUERY_UNSCOPABLE');
    await withoutTenantScope(() => copy().execute());
  });

  it('query-result cache entries with an explicit id are kept per tenant', async () => {
    const cache = new MemoryCache();
    const cached = await db().open({ entities: conformanceEntities, extra: { cache: { provider: () => cache } } });
    const read = (tenant: string) => withTenant(tenant, () => cached.getRepository(Task).find({ cache: { id: 'tasks', milliseconds: 60_000 } }));
    expect(new Set(tenantsIn(await read(A.tenantId)))).toEqual(new Set([A.tenantId]));
    expect(new Set(tenantsIn(await read(B.tenantId)))).toEqual(new Set([B.tenantId]));
    expect([...cache.entries.keys()].sort()).toEqual([`tasks@${A.tenantId}`, `tasks@${B.tenantId}`].sort());
    await cached.destroy();
  });

  it("save() of an entity with another tenant's id is refused and neither reads nor changes it", async () => {
    const theirs = B.tasks[1];
    const row = async () => (await ds.query(`SELECT title, views FROM tasks WHERE id = '${theirs.id}'`))[0];
    const before = await row();
    await expectRefused(ds, 'tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).save({ id: theirs.id, title: 'copy' })), TenantMismatchError, 'TENANT_MISMATCH');
    await expectRefused(ds, 'tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).save({ ...theirs, views: 99 })), TenantMismatchError, 'TENANT_MISMATCH');
    await expectRefused(ds, 'tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).remove({ id: theirs.id } as Task)), TenantMismatchError, 'TENANT_MISMATCH');
    expect(await row()).toEqual(before);
  });

  it('writes with listeners off are still stamped and guarded', async () => {
    const saved = await withTenant(A.tenantId, () => ds.getRepository(Task).save({ title: 'quiet', views: 0 }, { listeners: false }));
    expect((await ds.query(`SELECT tenant_id FROM tasks WHERE id = '${saved.id}'`))[0].tenant_id.toLowerCase()).toBe(A.tenantId);
    await expectRefused(ds, 'tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).save({ title: 'quiet', tenantId: B.tenantId }, { listeners: false })), TenantMismatchError, 'TENANT_MISMATCH');
  });

  it('an UPDATE with listeners off cannot move rows to another tenant', async () => {
    const move = () => ds.createQueryBuilder().update(Folder).set({ tenantId: B.tenantId }).where('id = :id', { id: A.root.id }).callListeners(false).execute();
    const owner = async () => String((await ds.query(`SELECT tenant_id FROM folders WHERE id = '${A.root.id}'`))[0].tenant_id).toLowerCase();
    await expect(withTenant(A.tenantId, move)).rejects.toMatchObject({ code: 'TENANT_MISMATCH' });
    await expect(withoutTenantScope(move)).rejects.toMatchObject({ code: 'TENANT_MISMATCH' });
    expect(await owner()).toBe(A.tenantId);
  });

  it('clear() (TRUNCATE) is refused inside a tenant and without one', async () => {
    const folders = ds.getRepository(Folder);
    await expectRefused(ds, 'folders', () => withTenant(A.tenantId, () => folders.clear()), UnscopableQueryError, 'QUERY_UNSCOPABLE');
    await expectRefused(ds, 'folders', () => folders.clear(), MissingTenantError, 'TENANT_MISSING');
  });

  it('the tenants table is scoped by id: own row only, creating tenants is system work', async () => {
    const tenants = ds.getRepository(Tenant);
    expect((await withTenant(A.tenantId, () => tenants.find())).map((t) => t.id)).toEqual([A.tenantId]);
    await withTenant(A.tenantId, () => tenants.update({ id: B.tenantId }, { name: 'pwned' }));
    expect((await withoutTenantScope(() => tenants.findOneByOrFail({ id: B.tenantId }))).name).not.toBe('pwned');
    await expectRefused(ds, 'tenants', () => withTenant(A.tenantId, () => tenants.save({ name: 'New', slug: 'new' })), TenantMismatchError, 'TENANT_MISMATCH');
  });

  it('raw query() is outside the app-level wall (documented): on the MySQL family it sees every tenant; on PostgreSQL the database wall holds even on a superuser connection', async () => {
    const rows = await withTenant(A.tenantId, () => ds.query('SELECT tenant_id FROM tasks'));
    // Inside withTenant every statement runs as the role tenancy_tenant, whose policy applies.
    const seen = db().target.family === 'postgres' ? [A.tenantId] : [A.tenantId, B.tenantId];
    expect(new Set(tenantsIn(rows))).toEqual(new Set(seen));
  });
});
