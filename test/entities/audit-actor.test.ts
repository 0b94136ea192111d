import type { DataSource } from 'typeorm';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';

/**
 * The audit rule (docs/errors.md "Audit columns"): inside withTenant(t, fn, { actorId }) the actor
 * wins — createdBy/updatedBy are the actor whatever the caller set. Without an actor, and inside
 * withoutTenantScope (an operator, not a user of the rows' tenant), the library writes nothing and
 * the caller's values stay. Regression: a caller-set createdBy was kept instead of the actor.
 */
describeEachDatabase('audit columns: the actor from context wins', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let A: string;
  const actor = uuidv7();
  const forged = uuidv7();
  const notes = () => ds.getRepository(Note);
  const auditOf = async (id: string) => {
    const [row] = await ds.query(`SELECT created_by, updated_by FROM notes WHERE id = '${id}'`);
    return [row.created_by, row.updated_by].map((v) => (v === null ? null : String(v).toLowerCase()));
  };
  const idOf = (result: { identifiers: Array<Record<string, unknown>> }) => String(result.identifiers[0].id);

  beforeAll(async () => {
    ds = db().dataSource;
    [A] = await seedTenants(ds, 'alpha');
  });

  it.each<[string, () => Promise<string>]>([
    ['save()', async () => (await notes().save({ title: 't', createdBy: forged, updatedBy: forged })).id],
    ['save() with listeners off', async () => (await notes().save({ title: 't', createdBy: forged, updatedBy: forged }, { listeners: false })).id],
    ['insert()', async () => idOf(await notes().insert({ title: 't', createdBy: forged, updatedBy: forged }))],
    ['QueryBuilder insert', async () => idOf(await ds.createQueryBuilder().insert().into(Note).values({ title: 't', createdBy: forged, updatedBy: forged }).execute())],
    ['upsert()', async () => idOf(await notes().upsert({ id: uuidv7(), title: 't', createdBy: forged, updatedBy: forged }, ['id']))],
  ])('%s: a caller-set createdBy/updatedBy is replaced by the actor', async (_name, write) => {
    const id = await withTenant(A, write, { actorId: actor });
    expect(await auditOf(id)).toEqual([actor, actor]);
  });

  it('the entity returned by save() carries the actor too', async () => {
    const note = await withTenant(A, () => notes().save({ title: 't', createdBy: forged }), { actorId: actor });
    expect([note.createdBy, note.updatedBy]).toEqual([actor, actor]);
  });

  it('update(), QueryBuilder update and save() of a change write the actor into updatedBy over a caller value', async () => {
    const { id } = await withTenant(A, () => notes().save({ title: 't' }));
    const editor = uuidv7();
    await withTenant(A, () => notes().update({ id }, { title: 'u', updatedBy: forged }), { actorId: editor });
    expect((await auditOf(id))[1]).toBe(editor);
    await withTenant(A, () => ds.createQueryBuilder().update(Note).set({ title: 'v', updatedBy: forged }).where('id = :id', { id }).execute(), { actorId: actor });
    expect((await auditOf(id))[1]).toBe(actor);
    const loaded = await withTenant(A, () => notes().findOneByOrFail({ id }));
    await withTenant(A, () => notes().save({ ...loaded, title: 'w', updatedBy: forged }), { actorId: editor });
    expect((await auditOf(id))[1]).toBe(editor);
  });

  it('without an actor the caller values are kept (imports, identity-provider ids set by the app)', async () => {
    const { id } = await withTenant(A, () => notes().save({ title: 't', createdBy: forged, updatedBy: forged }));
    expect(await auditOf(id)).toEqual([forged, forged]);
    const plain = await withTenant(A, () => notes().save({ title: 't' }));
    expect(await auditOf(plain.id)).toEqual([null, null]);
  });

  it('inside withoutTenantScope the operator actor is not written; caller values are kept', async () => {
    const operator = uuidv7();
    const sys = idOf(await withoutTenantScope(() => notes().insert({ title: 't', tenantId: A }), { actorId: operator }));
    expect(await auditOf(sys)).toEqual([null, null]);
    const imported = idOf(await withoutTenantScope(() => notes().insert({ title: 't', tenantId: A, createdBy: forged }), { actorId: operator }));
    expect(await auditOf(imported)).toEqual([forged, null]);
    await withoutTenantScope(() => notes().update({ id: imported }, { title: 'fixed' }), { actorId: operator });
    expect(await auditOf(imported)).toEqual([forged, null]);
  });
});
