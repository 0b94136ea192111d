import type { DataSource } from 'typeorm';
import { EntityNotObjectError, UnsafeEntityKeyError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { expectRefused, seedTenants } from '../support/tenants';

/**
 * Regressions: an own `__proto__` key (JSON.parse of request input) replaced the entity's prototype
 * before validation (class-validator then crashed with a TypeError, or found no rules and let
 * invalid values through); `save(['<uuid>'])` / `save([1, 2])` / `insert(['x'])` crashed with
 * "Cannot create property 'id' on string". Each is now a typed error, thrown before anything is
 * written.
 */
describeEachDatabase('typed errors for unsafe write inputs', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let A: string;
  const notes = () => ds.getRepository(Note);
  /** Request bodies as an HTTP framework hands them over. */
  const body = (json: string) => JSON.parse(json);

  beforeAll(async () => {
    ds = db().dataSource;
    [A] = await seedTenants(ds, 'alpha');
  });

  describe('an own __proto__ key (ENTITY_KEY_UNSAFE)', () => {
    const evil = () => body('{"__proto__": {"polluted": true}, "title": "", "views": -1}');
    it.each<[string, () => Promise<unknown>]>([
      ['save()', () => notes().save(evil())],
      ['save([...])', () => notes().save([{ title: 'fine' }, evil()])],
      ['insert()', () => notes().insert(evil())],
      ['QueryBuilder insert', () => ds.createQueryBuilder().insert().into(Note).values([evil()]).execute()],
      ['upsert()', () => notes().upsert(evil(), ['id'])],
      ['save() with listeners off', () => notes().save(evil(), { listeners: false })],
    ])('%s is refused, nothing written', async (_name, write) => {
      const error = await expectRefused(ds, 'notes', () => withTenant(A, write), UnsafeEntityKeyError, 'ENTITY_KEY_UNSAFE');
      expect(error.message).toMatch(/own '__proto__' property/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('update() and QueryBuilder update with it in the SET are refused, row unchanged', async () => {
      const { id } = await withTenant(A, () => notes().save({ title: 'kept' }));
      await expectRefused(ds, 'notes', () => withTenant(A, () => notes().update({ id }, body('{"__proto__": {}, "title": "changed"}'))), UnsafeEntityKeyError, 'ENTITY_KEY_UNSAFE');
      await expectRefused(
        ds,
        'notes',
        () => withTenant(A, () => ds.createQueryBuilder().update(Note).set(body('{"__proto__": {}, "title": "changed"}')).where('id = :id', { id }).callListeners(false).execute()),
        UnsafeEntityKeyError,
        'ENTITY_KEY_UNSAFE',
      );
      const [row] = await ds.query(`SELECT title FROM notes WHERE id = '${id}'`);
      expect(row.title).toBe('kept');
    });

    it('an own constructor key is refused too (it would hide the validation rules)', async () => {
      await expectRefused(ds, 'notes', () => withTenant(A, () => notes().save(body('{"constructor": {}, "title": "", "views": -1}'))), UnsafeEntityKeyError, 'ENTITY_KEY_UNSAFE');
    });

    it('inside withoutTenantScope as well', async () => {
      await expectRefused(ds, 'notes', () => withoutTenantScope(() => notes().insert({ ...evil(), tenantId: A })), UnsafeEntityKeyError, 'ENTITY_KEY_UNSAFE');
    });

    it('the same fields without the key are validated as usual', async () => {
      await expect(withTenant(A, () => notes().save({ title: '', views: -1 }))).rejects.toMatchObject({ code: 'ENTITY_INVALID' });
    });
  });

  describe('values that are not entity objects (ENTITY_NOT_OBJECT)', () => {
    it.each<[string, () => Promise<unknown>, string]>([
      ['save([uuid])', () => notes().save([uuidv7()] as never), 'string'],
      ['save([1, 2])', () => notes().save([1, 2] as never), 'number'],
      ['save([{…}, null])', () => notes().save([{ title: 'fine' }, null] as never), 'null'],
      ['insert(["x"])', () => notes().insert(['x'] as never), 'string'],
      ['insert("x")', () => notes().insert('x' as never), 'string'],
      ['insert([[…]])', () => notes().insert([[{ title: 'x' }]] as never), 'array'],
      ['QueryBuilder values(["x"])', () => ds.createQueryBuilder().insert().into(Note).values(['x'] as never).execute(), 'string'],
      ['upsert([1])', () => notes().upsert([1] as never, ['id']), 'number'],
    ])('%s is refused, nothing written', async (_name, write, type) => {
      const error = (await expectRefused(ds, 'notes', () => withTenant(A, write), EntityNotObjectError, 'ENTITY_NOT_OBJECT')) as EntityNotObjectError;
      expect(error.valueType).toBe(type);
      expect(error.message).toMatch(/where an entity object was expected.*update\(id, values\) or delete\(ids\)/);
    });
  });
});
