import type { DataSource } from 'typeorm';
import { EntityValidationError, MissingTenantError, TenantMismatchError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { expectRefused, seedTenants } from '../support/tenants';

describeEachDatabase('write subscriber: updates and removals', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let A: string;
  let B: string;
  const notes = () => ds.getRepository(Note);
  /** A fresh note of `tenant`, loaded unscoped as an attacker holding its id would have it. */
  const noteOf = async (tenant: string, title = 'n') => {
    const { id } = await withTenant(tenant, () => notes().save({ title }));
    return withoutTenantScope(() => notes().findOneByOrFail({ id }));
  };
  const rowOf = async (id: string) => (await ds.query(`SELECT title, tenant_id, updated_by, deleted_at FROM notes WHERE id = '${id}'`))[0];
  const sameRow = async (id: string, check: () => Promise<unknown>) => {
    const before = await rowOf(id);
    await check();
    expect(await rowOf(id)).toEqual(before);
  };

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTenants(ds, 'alpha', 'beta');
  });

  it('save() of an own entity updates it and records the actor', async () => {
    const actor = uuidv7();
    const note = await noteOf(A);
    await withTenant(A, () => notes().save({ ...note, title: 'renamed' }), { actorId: actor });
    const row = await rowOf(note.id);
    expect(row.title).toBe('renamed');
    expect(String(row.updated_by).toLowerCase()).toBe(actor);
  });

  it('save() that changes tenantId is refused, row unchanged', async () => {
    const note = await noteOf(A);
    await sameRow(note.id, () =>
      expectRefused(ds, 'notes', () => withTenant(A, () => notes().save({ ...note, tenantId: B, title: 'moved' })), TenantMismatchError, 'TENANT_MISMATCH'),
    );
  });

  it('changing tenantId is refused even inside withoutTenantScope', async () => {
    const note = await noteOf(A);
    await sameRow(note.id, () =>
      expectRefused(ds, 'notes', () => withoutTenantScope(() => notes().save({ ...note, tenantId: B })), TenantMismatchError, 'TENANT_MISMATCH'),
    );
  });

  it("save() of another tenant's entity is refused, row unchanged", async () => {
    const foreign = await noteOf(B, 'theirs');
    await sameRow(foreign.id, () =>
      expectRefused(ds, 'notes', () => withTenant(A, () => notes().save({ ...foreign, title: 'pwned' })), TenantMismatchError, 'TENANT_MISMATCH'),
    );
  });

  it('update() cannot set tenantId to another tenant, nor unscoped', async () => {
    const note = await noteOf(A);
    await sameRow(note.id, async () => {
      await expectRefused(ds, 'notes', () => withTenant(A, () => notes().update({ id: note.id }, { tenantId: B })), TenantMismatchError, 'TENANT_MISMATCH');
      await expectRefused(ds, 'notes', () => withoutTenantScope(() => notes().update({ id: note.id }, { tenantId: B })), TenantMismatchError, 'TENANT_MISMATCH');
    });
  });

  it('update() and QueryBuilder update record the actor and validate the SET values', async () => {
    const actor = uuidv7();
    const note = await noteOf(A);
    await withTenant(A, () => notes().update({ id: note.id }, { title: 'via update' }), { actorId: actor });
    expect(String((await rowOf(note.id)).updated_by).toLowerCase()).toBe(actor);
    await sameRow(note.id, () =>
      expectRefused(ds, 'notes', () => withTenant(A, () => ds.createQueryBuilder().update(Note).set({ views: -5 }).where('id = :id', { id: note.id }).execute()), EntityValidationError, 'ENTITY_INVALID'),
    );
  });

  it('updates and deletes with no tenant in context are refused', async () => {
    const note = await noteOf(A);
    await sameRow(note.id, async () => {
      await expectRefused(ds, 'notes', () => notes().update({ id: note.id }, { title: 'x' }), MissingTenantError, 'TENANT_MISSING');
      await expectRefused(ds, 'notes', () => notes().save({ ...note, title: 'x' }), MissingTenantError, 'TENANT_MISSING');
      await expectRefused(ds, 'notes', () => notes().delete({ id: note.id }), MissingTenantError, 'TENANT_MISSING');
      await expectRefused(ds, 'notes', () => notes().remove(note), MissingTenantError, 'TENANT_MISSING');
    });
  });

  it("remove, softRemove and recover of another tenant's entity are refused", async () => {
    const foreign = await noteOf(B);
    await sameRow(foreign.id, async () => {
      await expectRefused(ds, 'notes', () => withTenant(A, () => notes().remove({ ...foreign })), TenantMismatchError, 'TENANT_MISMATCH');
      await expectRefused(ds, 'notes', () => withTenant(A, () => notes().softRemove({ ...foreign })), TenantMismatchError, 'TENANT_MISMATCH');
    });
    await withTenant(B, () => notes().softRemove({ ...foreign }));
    const deleted = await rowOf(foreign.id);
    expect(deleted.deleted_at).not.toBeNull();
    await sameRow(foreign.id, () =>
      expectRefused(ds, 'notes', () => withTenant(A, () => notes().recover({ ...foreign })), TenantMismatchError, 'TENANT_MISMATCH'),
    );
  });

  it('remove, softRemove and recover of an own entity work', async () => {
    const note = await noteOf(A);
    await withTenant(A, () => notes().softRemove({ ...note }));
    expect((await rowOf(note.id)).deleted_at).not.toBeNull();
    await withTenant(A, () => notes().recover({ ...note }));
    expect((await rowOf(note.id)).deleted_at).toBeNull();
    await withTenant(A, () => notes().remove({ ...note }));
    expect(await rowOf(note.id)).toBeUndefined();
  });
});
