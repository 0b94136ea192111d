import type { DataSource } from 'typeorm';
import { MissingTenantError, UnscopableQueryError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Project, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { tenantsIn } from '../support/observe';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, expectRefused } from '../support/tenants';

/**
 * Query builders that name a table instead of an entity (plain, schema/database-qualified) and the
 * many-to-many junction: every such read, update and delete is scoped like the entity, an insert
 * by table path is refused, and clearTable() of a tenant table is refused inside a tenant.
 */
describeEachDatabase('table-name paths and junctions', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  let B: TenantSeed;
  /** `public.tasks` on PostgreSQL, `<database>.tasks` on the MySQL family. */
  const qualified = (table: string) => `${ds.options.type === 'postgres' ? 'public' : String(ds.options.database)}.${table}`;
  const lowered = (id: string) => id.toLowerCase();
  const linksOf = async (seed: TenantSeed) => countRows(ds, 'task_labels', `task_id IN ('${seed.tasks.map((t) => t.id).join("','")}')`);

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTwoTenants(ds);
  });

  for (const path of ['plain', 'qualified'] as const) {
    const table = (name: string) => (path === 'plain' ? name : qualified(name));

    it(`${path} FROM and addFrom of a tenant table read only the current tenant's rows`, async () => {
      const rows = await withTenant(A.tenantId, () => ds.createQueryBuilder().select('t.tenant_id', 'tenant_id').from(table('tasks'), 't').getRawMany());
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(tenantsIn(rows))).toEqual(new Set([lowered(A.tenantId)]));
      const both = await withTenant(A.tenantId, () =>
        ds.createQueryBuilder().select('p.tenant_id', 'tenant_id').addSelect('t.tenant_id', 't_tenant_id').from(table('projects'), 'p').addFrom(table('tasks'), 't').getRawMany(),
      );
      expect(new Set(tenantsIn(both))).toEqual(new Set([lowered(A.tenantId)]));
    });

    it(`${path} JOIN of a tenant table or its junction joins only the current tenant's rows`, async () => {
      const join = (joined: string) => withTenant(A.tenantId, () =>
        ds.getRepository(Project).createQueryBuilder('p').withDeleted().leftJoin(joined, 'x', '1 = 1').select('x.task_id', 'task_id').getRawMany<{ task_id: string }>());
      if (path === 'qualified') {
        // TypeORM reads `schema.table` in join() as `alias.relation` and refuses it itself.
        await expect(async () => join(table('task_labels'))).rejects.toThrow(/alias was not found/);
        return;
      }
      const rows = await withTenant(A.tenantId, () =>
        ds.getRepository(Project).createQueryBuilder('p').withDeleted().leftJoin('tasks', 'x', '1 = 1').select('x.tenant_id', 'tenant_id').getRawMany(),
      );
      expect(new Set(tenantsIn(rows))).toEqual(new Set([lowered(A.tenantId)]));
      expect((await join('task_labels')).map((r) => lowered(r.task_id))).toEqual([lowered(A.tasks[0].id), lowered(A.tasks[0].id)]);
    });

    it(`${path} UPDATE and DELETE of a tenant table change only the current tenant's rows`, async () => {
      await withTenant(A.tenantId, () => ds.createQueryBuilder().update(table('tasks')).set({ title: 'renamed' }).where('views = :v', { v: 5 }).execute());
      const renamedB = await countRows(ds, 'tasks', `title = 'renamed'`);
      await withTenant(A.tenantId, () => ds.createQueryBuilder().update(table('tasks')).set({ title: `mine-${path}` }).execute());
      expect(await countRows(ds, 'tasks', `title = 'mine-${path}' AND tenant_id <> '${A.tenantId}'`)).toBe(0);
      expect(renamedB).toBe(0);
      const before = await countRows(ds, 'remarks', `tenant_id = '${B.tenantId}'`);
      await withTenant(A.tenantId, () => ds.createQueryBuilder().delete().from(table('remarks')).where('body = :b', { b: 'Same remark' }).execute());
      expect(await countRows(ds, 'remarks', `tenant_id = '${B.tenantId}'`)).toBe(before);
      expect(await countRows(ds, 'remarks', `tenant_id = '${A.tenantId}'`)).toBe(0);
    });

    it(`${path} UPDATE cannot move rows to another tenant through the tenant column`, async () => {
      await expect(withTenant(A.tenantId, () => ds.createQueryBuilder().update(table('tasks')).set(path === 'plain' ? { tenantId: B.tenantId } : { tenant_id: B.tenantId }).execute())).rejects.toMatchObject({ code: 'TENANT_MISMATCH' });
      expect(await countRows(ds, 'tasks', `tenant_id = '${A.tenantId}'`)).toBe(4);
      // The tenants table by path: its id is the scope column and just as immutable.
      const rekey = path === 'plain' ? { id: B.tenantId } : { id: '018f0000-0000-7000-8000-0000000000bb' };
      await expect(withTenant(A.tenantId, () => ds.createQueryBuilder().update(table('tenants')).set(rekey).execute())).rejects.toMatchObject({ code: 'TENANT_MISMATCH' });
      expect(await countRows(ds, 'tenants', `id = '${A.tenantId}'`)).toBe(1);
    });

    it(`${path} reads of the junction table see only links of the current tenant's rows`, async () => {
      const rows = await withTenant(A.tenantId, () => ds.createQueryBuilder().select('tl.task_id', 'task_id').from(table('task_labels'), 'tl').getRawMany<{ task_id: string }>());
      expect(rows.map((r) => lowered(r.task_id)).sort()).toEqual(A.tasks.slice(0, 1).flatMap((t) => [lowered(t.id), lowered(t.id)]));
    });

    it(`${path} reads of a table path without a tenant are refused (TENANT_MISSING)`, async () => {
      await expect(ds.createQueryBuilder().select('t.id').from(table('tasks'), 't').getRawMany()).rejects.toBeInstanceOf(MissingTenantError);
      await expect(ds.createQueryBuilder().select('tl.task_id').from(table('task_labels'), 'tl').getRawMany()).rejects.toBeInstanceOf(MissingTenantError);
    });
  }

  it('an INSERT into a schema-qualified tenant table or junction is refused inside a tenant and without one', async () => {
    const into = (table: string, values: Record<string, unknown>) => ds.createQueryBuilder().insert().into(qualified(table)).values(values).execute();
    const row = { id: '018f0000-0000-7000-8000-0000000000aa', tenant_id: B.tenantId, title: 'planted', views: 0 };
    await expectRefused(ds, 'tasks', () => withTenant(A.tenantId, () => into('tasks', row)), UnscopableQueryError, 'QUERY_UNSCOPABLE');
    await expectRefused(ds, 'tasks', () => into('tasks', row), MissingTenantError, 'TENANT_MISSING');
    const link = { task_id: A.tasks[1].id, label_id: B.labels[0].id };
    await expectRefused(ds, 'task_labels', () => withTenant(A.tenantId, () => into('task_labels', link)), UnscopableQueryError, 'QUERY_UNSCOPABLE');
  });

  it("a DELETE of the junction table removes only the current tenant's links", async () => {
    const theirs = await linksOf(B);
    expect(theirs).toBe(2);
    await withTenant(A.tenantId, () => ds.createQueryBuilder().delete().from(qualified('task_labels')).execute());
    expect(await linksOf(A)).toBe(0);
    expect(await linksOf(B)).toBe(theirs);
    await withTenant(A.tenantId, () => ds.createQueryBuilder().delete().from('task_labels').execute());
    expect(await linksOf(B)).toBe(theirs);
  });

  it('queryRunner.clearTable() of a tenant table or junction is refused inside a tenant and allowed as system work', async () => {
    const clear = async (table: string) => {
      const runner = ds.createQueryRunner();
      try {
        await runner.clearTable(table);
      } finally {
        await runner.release();
      }
    };
    await expectRefused(ds, 'remarks', () => withTenant(A.tenantId, () => clear('remarks')), UnscopableQueryError, 'QUERY_UNSCOPABLE');
    await expectRefused(ds, 'task_labels', () => withTenant(A.tenantId, () => clear(qualified('task_labels'))), UnscopableQueryError, 'QUERY_UNSCOPABLE');
    await expectRefused(ds, 'task_labels', () => clear('task_labels'), MissingTenantError, 'TENANT_MISSING');
    await withoutTenantScope(() => clear('task_labels'));
    expect(await countRows(ds, 'task_labels')).toBe(0);
  });

  it('withoutTenantScope reads every tenant through a table path', async () => {
    const rows = await withoutTenantScope(() => ds.createQueryBuilder().select('t.tenant_id', 'tenant_id').from(qualified('tasks'), 't').getRawMany());
    expect(new Set(tenantsIn(rows))).toEqual(new Set([A.tenantId, B.tenantId].map(lowered)));
  });

  it('generated SQL: a qualified table path and a junction carry the tenant condition in this shape', async () => {
    const q = (s: string) => ds.driver.escape(s);
    const param = ds.options.type === 'postgres' ? '$1' : '?';
    const path = await withTenant(A.tenantId, () => ds.createQueryBuilder().select('t.id').from(qualified('tasks'), 't').getQueryAndParameters());
    expect(path[0]).toContain(`WHERE (${q('t')}.${q('tenant_id')} = ${param}) AND (${q('t')}.${q('deleted_at')} IS NULL)`);
    expect(path[1]).toEqual([A.tenantId]);
    const junction = await withTenant(A.tenantId, () => ds.createQueryBuilder().select('tl.task_id').from('task_labels', 'tl').getQueryAndParameters());
    expect(junction[0]).toContain(
      `WHERE (EXISTS (SELECT 1 FROM ${q('tasks')} ${q('tenancy_owner')} WHERE ${q('tenancy_owner')}.${q('id')} = ${q('tl')}.${q('task_id')} AND ${q('tenancy_owner')}.${q('tenant_id')} = ${param}))`,
    );
    const [entity] = await withTenant(A.tenantId, () => ds.getRepository(Task).createQueryBuilder('t').select('t.id').getQueryAndParameters());
    expect(entity).toContain(`WHERE (${q('t')}.${q('tenant_id')} = ${param}) AND (${q('t')}.${q('deleted_at')} IS NULL)`);
  });
});
