import type { DataSource } from 'typeorm';
import { enableAuditLog, REDACTED } from '../../src/audit';
import { User } from '../../src/entities/identity/user.entity';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, seedTenants } from '../support/tenants';
import { AUDIT_SCRATCH, auditedBy, auditRows } from './audit-support';

/**
 * Every write path the write guard sees writes its audit rows (docs/audit.md): the right action,
 * entity, id, values, tenant and actor, listeners on or off; never for audit_logs itself.
 */
describeEachDatabase('audit log: every write path', AUDIT_SCRATCH, (db) => {
  let ds: DataSource;
  let A: string;
  let B: string;
  let actor: string;
  const notes = () => ds.getRepository(Note);
  const asA = <T>(fn: () => Promise<T>) => withTenant(A, fn, { actorId: actor });
  const audited = <T>(fn: () => Promise<T>) => auditedBy(ds, () => asA(fn));
  const newNote = (title = 'n') => asA(() => notes().save({ title }));

  beforeAll(async () => {
    ds = db().dataSource;
    enableAuditLog(ds, { redact: ['phone'] });
    [A, B] = await seedTenants(ds, 'alpha', 'beta');
    actor = (await withTenant(A, () => ds.getRepository(User).save({ email: 'ada@example.com', name: 'Ada', status: 'active' }))).id;
  });

  it('save() of a new entity: one insert row with its values, tenant and actor', async () => {
    const { rows, result } = await audited(() => notes().save({ title: 'first' }));
    expect(rows).toEqual([{ tenantId: A, userId: actor, action: 'insert', entityType: 'notes', entityId: result.id, oldValues: null, newValues: expect.objectContaining({ title: 'first', created_by: actor }) }]);
    expect(rows[0].newValues).not.toHaveProperty('tenant_id');
  });

  it('save() of a change: the changed columns before and after', async () => {
    const note = await newNote('before');
    const { rows } = await audited(() => notes().save({ ...note, title: 'after', views: 3 }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'update', entityId: note.id, userId: actor, oldValues: { title: 'before', views: 0 }, newValues: { title: 'after', views: 3 } });
  });

  it('remove(), softRemove() and recover(): delete, soft-delete and restore rows of that entity', async () => {
    const soft = await newNote('soft');
    const removed = await newNote('gone');
    const { rows } = await audited(async () => {
      await notes().softRemove(soft);
      await notes().recover(soft);
      await notes().remove(await notes().findOneByOrFail({ id: removed.id }));
    });
    expect(rows.map((r) => [r.action, r.entityId])).toEqual([['soft-delete', soft.id], ['restore', soft.id], ['delete', removed.id]]);
    expect(rows[0].oldValues).toEqual({ deleted_at: null });
    expect(rows[0].newValues).toEqual({ deleted_at: expect.any(String) });
    expect(rows[2].oldValues).toMatchObject({ title: 'gone' });
    expect(rows.every((r) => r.tenantId === A && r.userId === actor)).toBe(true);
  });

  it('save() with cascades: a row for each entity written', async () => {
    const { rows, result } = await audited(() => ds.getRepository(Notebook).save({ title: 'book', notes: [{ title: 'c1' }, { title: 'c2' }] as Note[] }));
    expect(rows.map((r) => [r.action, r.entityType]).sort()).toEqual([['insert', 'notebooks'], ['insert', 'notes'], ['insert', 'notes']]);
    expect(rows.filter((r) => r.entityType === 'notes').every((r) => r.newValues?.notebook_id === result.id)).toBe(true);
  });

  it('repository insert(), QueryBuilder insert and upsert(): one row per inserted row', async () => {
    const upsertId = uuidv7();
    const { rows } = await audited(async () => {
      await notes().insert([{ title: 'i1' }, { title: 'i2' }]);
      await ds.createQueryBuilder().insert().into(Note).values({ title: 'qb' }).execute();
      await notes().upsert({ id: upsertId, title: 'up' }, ['id']);
    });
    expect(rows.map((r) => [r.action, r.newValues?.title])).toEqual([['insert', 'i1'], ['insert', 'i2'], ['insert', 'qb'], ['upsert', 'up']]);
    expect(rows[3].entityId).toBe(upsertId);
    expect(rows.every((r) => r.entityId !== null && r.tenantId === A)).toBe(true);
  });

  it('repository update() and a bulk QueryBuilder update: one row per statement with its criteria and the rows it changed', async () => {
    const one = await newNote('bulk');
    await newNote('bulk');
    const { rows } = await audited(async () => {
      await notes().update({ id: one.id }, { views: 7 });
      await notes().update(one.id, { views: 7 });
      await notes().update([one.id], { views: 7 });
      // Listeners off: the validator refuses raw SQL values (it runs with listeners).
      await ds.createQueryBuilder().update(Note).set({ views: () => 'views + 1' }).where('title = :title', { title: 'bulk' }).callListeners(false).execute();
    });
    expect(rows).toHaveLength(4);
    // Criteria that are the id alone name the row; a bulk statement names none.
    expect(rows.map((r) => r.entityId)).toEqual([one.id, one.id, one.id, null]);
    expect(rows[0]).toMatchObject({ action: 'update', userId: actor, newValues: { views: 7 } });
    const criteria = rows[0].oldValues!.$criteria as { where: string; parameters: Record<string, unknown>; affected: number };
    expect(Object.values(criteria.parameters)).toContain(one.id);
    expect(criteria.affected).toBe(1);
    expect(rows[3].newValues).toEqual(expect.objectContaining({ views: { $sql: 'views + 1' } }));
    expect(rows[3].oldValues).toEqual({ $criteria: expect.objectContaining({ where: expect.stringMatching(/title\W* = :title .*tenant_id\W* = :tenancy_tenant_id/), parameters: expect.objectContaining({ title: 'bulk' }), affected: 2 }) });
  });

  it('delete(), softDelete(), restore() and their QueryBuilder forms: one row per statement; none when nothing matched', async () => {
    const a = await newNote('del');
    const b = await newNote('del2');
    const { rows } = await audited(async () => {
      await notes().softDelete({ id: a.id });
      await notes().restore({ id: a.id });
      await ds.createQueryBuilder().softDelete().from(Note).where('id = :id', { id: b.id }).execute();
      await ds.createQueryBuilder().delete().from(Note).where('id IN (:...ids)', { ids: [a.id, b.id] }).execute();
      await notes().delete({ id: uuidv7() }); // matches nothing: no row
    });
    expect(rows.map((r) => [r.action, r.entityId])).toEqual([['soft-delete', a.id], ['restore', a.id], ['soft-delete', b.id], ['delete', null]]);
    expect((rows[3].oldValues!.$criteria as { parameters: Record<string, unknown> }).parameters.ids).toEqual([a.id, b.id]);
  });

  it('listeners off (save({ listeners: false }), callListeners(false)) are audited all the same', async () => {
    const { rows, result } = await audited(async () => {
      const saved = await notes().save({ title: 'quiet' }, { listeners: false });
      await ds.createQueryBuilder().update(Note).set({ title: 'quieter' }).where('id = :id', { id: saved.id }).callListeners(false).execute();
      return saved;
    });
    expect(rows.map((r) => [r.action, r.entityId])).toEqual([['insert', result.id], ['update', result.id]]);
  });

  it('redaction: default names (password…) and the redact option, in values and in criteria parameters', async () => {
    const { rows, result } = await audited(async () => {
      const user = await ds.getRepository(User).save({ email: 'bob@example.com', name: 'Bob', status: 'active', passwordHash: 'hash-one', phone: '+41790000000' });
      await ds.getRepository(User).update({ email: 'bob@example.com', passwordHash: 'hash-one' }, { passwordHash: 'hash-two' });
      return user;
    });
    expect(rows[0].newValues).toMatchObject({ email: 'bob@example.com', password_hash: REDACTED, phone: REDACTED });
    expect(rows[1].newValues).toEqual({ password_hash: REDACTED, updated_by: actor });
    const text = JSON.stringify(rows);
    for (const secret of ['hash-one', 'hash-two', '+41790000000']) expect(text).not.toContain(secret);
    expect(text).toContain('bob@example.com');
    expect(rows.map((r) => r.entityId)).toEqual([result.id, null]);
  });

  it('a rolled-back write leaves no audit row; an audit row that cannot be written takes its write with it', async () => {
    await newNote('victim');
    const before = (await auditRows(ds)).length;
    const notesBefore = await countRows(ds, 'notes');
    await expect(asA(() => ds.transaction(async (m) => {
      await m.getRepository(Note).save({ title: 'rolled back' });
      await m.getRepository(Note).insert({ title: 'rolled back too' });
      await m.getRepository(Note).update({ title: 'victim' }, { views: 42 });
      throw new Error('abort');
    }))).rejects.toThrow('abort');
    // Outside any transaction: the audit row's user_id must be a user of the tenant; an unknown actor fails the insert of the row, and with it the write.
    await expect(withTenant(A, () => notes().insert({ title: 'orphan' }), { actorId: uuidv7() })).rejects.toThrow();
    await expect(withTenant(A, () => notes().save({ title: 'orphan' }, { transaction: false }), { actorId: uuidv7() })).rejects.toThrow();
    await expect(withTenant(A, () => notes().update({ title: 'victim' }, { views: 99 }), { actorId: uuidv7() })).rejects.toThrow();
    expect((await auditRows(ds)).length).toBe(before);
    expect(await countRows(ds, 'notes')).toBe(notesBefore);
    expect(await countRows(ds, 'notes', 'views IN (42, 99)')).toBe(0);
  });

  it('system work: the row\'s own tenant, no actor; a bulk statement gets a row in each tenant it matched', async () => {
    const { rows, result } = await auditedBy(ds, () => withoutTenantScope(() => notes().save({ title: 'sys', tenantId: B }), { actorId: actor }));
    expect(rows).toEqual([expect.objectContaining({ tenantId: B, userId: null, action: 'insert', entityId: result.id })]);
    await withTenant(A, () => notes().insert({ title: 'everywhere' }));
    await withTenant(B, () => notes().insert({ title: 'everywhere' }));
    const bulk = await auditedBy(ds, () => withoutTenantScope(() => notes().update({ title: 'everywhere' }, { views: 5 })));
    expect(bulk.rows.map((r) => r.tenantId).sort()).toEqual([A, B].sort());
    expect(bulk.rows.every((r) => r.action === 'update' && r.userId === null)).toBe(true);
    const removal = await auditedBy(ds, () => withoutTenantScope(() => ds.createQueryBuilder().delete().from(Note).where('title = :t', { t: 'everywhere' }).execute()));
    expect(removal.rows.map((r) => [r.action, r.tenantId]).sort()).toEqual([['delete', A], ['delete', B]].sort());
  });

  it('the audit table itself is never audited', async () => {
    const { rows } = await audited(() => ds.getRepository('AuditLog').save({ action: 'login', entityType: null, entityId: null, oldValues: null, newValues: null, userId: actor }));
    expect(rows).toHaveLength(1);
    expect(rows[0].action).toBe('login');
    expect((await auditRows(ds, { entityType: 'audit_logs' })).length).toBe(0);
  });
});
