import { inspect } from 'node:util';
import type { DataSource } from 'typeorm';
import { TenantMismatchError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Folder, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { describeEachDatabase } from '../support/scratch-database';
import { expectRefused } from '../support/tenants';

/**
 * Regression: TenantMismatchError's message and `actualTenantId` named the *other* tenant ("the
 * row belongs to tenant <B>…"), so an app that returned the message told a caller which ids exist
 * and who owns them. Every refusal of tenant A touching B's data must name neither B nor B's rows.
 */
describeEachDatabase('errors name no other tenant', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  let B: TenantSeed;

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTwoTenants(ds);
  });

  /** Refused with TENANT_MISMATCH, nothing written, and B's tenant id in no rendering an app might send or log. */
  const expectSilentRefusal = async (table: string, fn: () => Promise<unknown>, supplied?: string) => {
    const error = (await expectRefused(ds, table, fn, TenantMismatchError, 'TENANT_MISMATCH')) as TenantMismatchError;
    for (const text of [error.message, JSON.stringify(error), JSON.stringify({ ...error }), inspect(error)]) {
      expect(text).not.toContain(B.tenantId);
      expect(text).not.toContain(B.tenantId.toUpperCase());
    }
    expect(error.toJSON()).toEqual({ name: 'TenantMismatchError', code: 'TENANT_MISMATCH', message: error.message });
    // Only a value the caller supplied may sit in the hidden diagnostic, never one read from B's row.
    expect(error.actualTenantId).toBe(supplied);
    return error;
  };

  it("save() of an entity carrying B's id (the owner is only known from the database)", async () => {
    await expectSilentRefusal('tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).save({ id: B.tasks[1].id, title: 'copy' })));
  });

  it("remove() of B's id", async () => {
    await expectSilentRefusal('tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).remove({ id: B.tasks[1].id } as Task)));
  });

  it('insert() of a row naming B as its tenant', async () => {
    await expectSilentRefusal('tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).insert({ title: 'x', tenantId: B.tenantId })), B.tenantId);
  });

  it('save() of an entity loaded from B (as an attacker holding it would have it)', async () => {
    const theirs = await withoutTenantScope(() => ds.getRepository(Task).findOneByOrFail({ id: B.tasks[2].id }));
    await expectSilentRefusal('tasks', () => withTenant(A.tenantId, () => ds.getRepository(Task).save({ ...theirs, views: 9 })), theirs.tenantId);
  });

  it('an UPDATE moving a row to B', async () => {
    await expectSilentRefusal(
      'folders',
      () => withTenant(A.tenantId, () => ds.getRepository(Folder).update({ id: A.root.id }, { tenantId: B.tenantId })),
      B.tenantId,
    );
  });

  it("linking B's label to A's task", async () => {
    const error = await expectSilentRefusal('task_labels', () =>
      withTenant(A.tenantId, () => ds.createQueryBuilder().relation(Task, 'labels').of(A.tasks[1]).add(B.labels[0])),
    );
    expect(error.message).not.toContain(B.labels[0].id);
  });
});
