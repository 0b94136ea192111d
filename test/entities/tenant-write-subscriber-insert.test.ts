import type { DataSource } from 'typeorm';
import { EntityValidationError, InvalidTenantIdError, MissingTenantError, TenantMismatchError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { isUuidV7 } from '../../src/uuid/is-uuid-v7';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, expectRefused, seedTenants } from '../support/tenants';

const V4 = '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192';

describeEachDatabase('write subscriber: inserts', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let A: string;
  let B: string;
  const actor = uuidv7();
  const notes = () => ds.getRepository(Note);
  const ownedBy = async (tenant: string) => countRows(ds, 'notes', `tenant_id = '${tenant}'`);

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTenants(ds, 'alpha', 'beta');
  });

  it('save() generates a UUIDv7 id, stamps the tenant and the actor', async () => {
    const note = await withTenant(A, () => notes().save(notes().create({ title: 'hello' })), { actorId: actor });
    expect(isUuidV7(note.id)).toBe(true);
    expect(note.tenantId).toBe(A);
    expect(note.createdBy).toBe(actor);
    expect(note.updatedBy).toBe(actor);
    const [row] = await ds.query(`SELECT tenant_id, created_by FROM notes WHERE id = '${note.id}'`);
    expect(String(row.tenant_id).toLowerCase()).toBe(A);
    expect(String(row.created_by).toLowerCase()).toBe(actor);
  });

  it('save() keeps a valid UUIDv7 supplied by the caller', async () => {
    const id = uuidv7();
    const note = await withTenant(A, () => notes().save({ id, title: 'mine' }));
    expect(note.id).toBe(id);
    expect(await countRows(ds, 'notes', `id = '${id}'`)).toBe(1);
  });

  it('refuses a supplied id that is not a UUIDv7 (ENTITY_INVALID), nothing written', async () => {
    const error = await expectRefused(ds, 'notes', () => withTenant(A, () => notes().insert({ id: V4, title: 'x' })), EntityValidationError, 'ENTITY_INVALID');
    expect((error as EntityValidationError).failures.map((f) => f.property)).toEqual(['id']);
  });

  it('refuses a row carrying another tenant id (TENANT_MISMATCH), nothing written', async () => {
    await expectRefused(ds, 'notes', () => withTenant(A, () => notes().save({ title: 'sneaky', tenantId: B })), TenantMismatchError, 'TENANT_MISMATCH');
    expect(await ownedBy(B)).toBe(0);
  });

  it('accepts a row carrying the current tenant id in another letter case', async () => {
    const note = await withTenant(A, () => notes().save({ title: 'upper', tenantId: A.toUpperCase() }));
    expect(note.tenantId).toBe(A);
  });

  it('refuses an insert with no tenant in context (TENANT_MISSING), nothing written', async () => {
    await expectRefused(ds, 'notes', () => notes().save({ title: 'orphan' }), MissingTenantError, 'TENANT_MISSING');
    await expectRefused(ds, 'notes', () => notes().insert({ title: 'orphan' }), MissingTenantError, 'TENANT_MISSING');
  });

  it('save() with cascades stamps every entity of the graph', async () => {
    const book = await withTenant(A, () => ds.getRepository(Notebook).save({ title: 'book', notes: [{ title: 'one' }, { title: 'two' }] as Note[] }));
    const rows = await ds.query(`SELECT tenant_id FROM notes WHERE notebook_id = '${book.id}'`);
    expect(rows.map((r: { tenant_id: string }) => String(r.tenant_id).toLowerCase())).toEqual([A, A]);
  });

  it('a cascade holding one foreign row writes nothing at all', async () => {
    const books = await countRows(ds, 'notebooks');
    await expectRefused(
      ds,
      'notes',
      () => withTenant(A, () => ds.getRepository(Notebook).save({ title: 'mixed', notes: [{ title: 'ok' }, { title: 'bad', tenantId: B }] as Note[] })),
      TenantMismatchError,
      'TENANT_MISMATCH',
    );
    expect(await countRows(ds, 'notebooks')).toBe(books);
  });

  it('insert() of many plain objects stamps each row; one foreign row refuses the batch', async () => {
    const before = await ownedBy(A);
    await withTenant(A, () => notes().insert([{ title: 'p1' }, { title: 'p2' }, { title: 'p3' }]));
    expect(await ownedBy(A)).toBe(before + 3);
    await expectRefused(ds, 'notes', () => withTenant(A, () => notes().insert([{ title: 'q1' }, { title: 'q2', tenantId: B }])), TenantMismatchError, 'TENANT_MISMATCH');
  });

  it('QueryBuilder insert with many rows stamps each row', async () => {
    const before = await ownedBy(B);
    await withTenant(B, () => ds.createQueryBuilder().insert().into(Note).values([{ title: 'qb1' }, { title: 'qb2' }]).execute());
    expect(await ownedBy(B)).toBe(before + 2);
  });

  it('upsert() stamps new rows and refuses foreign ones', async () => {
    const id = uuidv7();
    await withTenant(A, () => notes().upsert([{ id, title: 'up' }], ['id']));
    await withTenant(A, () => notes().upsert([{ id, title: 'up again' }], ['id']));
    const [row] = await ds.query(`SELECT title, tenant_id FROM notes WHERE id = '${id}'`);
    expect([row.title, String(row.tenant_id).toLowerCase()]).toEqual(['up again', A]);
    await expectRefused(ds, 'notes', () => withTenant(A, () => notes().upsert([{ title: 'up', tenantId: B }], ['id'])), TenantMismatchError, 'TENANT_MISMATCH');
  });

  it('inside withoutTenantScope a row must name its tenant, and a valid one', async () => {
    await expectRefused(ds, 'notes', () => withoutTenantScope(() => notes().insert({ title: 'sys' })), MissingTenantError, 'TENANT_MISSING');
    await expectRefused(ds, 'notes', () => withoutTenantScope(() => notes().insert({ title: 'sys', tenantId: 'acme' })), InvalidTenantIdError, 'TENANT_ID_INVALID');
    const before = await ownedBy(B);
    await withoutTenantScope(() => notes().insert({ title: 'sys', tenantId: B }));
    expect(await ownedBy(B)).toBe(before + 1);
  });

  it('validation lists every failed property and writes nothing', async () => {
    const error = await expectRefused(ds, 'notes', () => withTenant(A, () => notes().save({ title: '', views: -1 })), EntityValidationError, 'ENTITY_INVALID');
    const failed = (error as EntityValidationError).failures.map((f) => f.property).sort();
    expect(failed).toEqual(['title', 'views']);
    expect(error.message).toMatch(/title/);
    expect(error.message).toMatch(/views/);
  });

  it('validation reports a required column that is missing on insert', async () => {
    const error = await expectRefused(ds, 'notes', () => withTenant(A, () => notes().insert({ views: 3 })), EntityValidationError, 'ENTITY_INVALID');
    expect((error as EntityValidationError).failures).toEqual([{ property: 'title', constraints: { isDefined: 'title is required' } }]);
  });
});
