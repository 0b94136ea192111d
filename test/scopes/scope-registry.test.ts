import { DataSource } from 'typeorm';
import { Tenant } from '../../src/entities/tenant.entity';
import { defineScope } from '../../src/scopes/scope-registry';
import { withoutScopes } from '../../src/scopes/scope-opt-out';
import { currentActorId } from '../../src/tenancy/current-tenant';
import { withTenant } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Project, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { describeEachDatabase } from '../support/scratch-database';

describe('defineScope', () => {
  it('needs enableTenancy', () => {
    expect(() => defineScope(new DataSource({ type: 'postgres' }), { name: 'x', entities: [Task], where: () => '1=1' })).toThrow(/enableTenancy/);
  });

  it('the tenant scope cannot be lifted with withoutScopes', () => {
    expect(() => withoutScopes(['tenant'], () => 1)).toThrow(/withoutTenantScope/);
  });
});

describeEachDatabase('user-defined scopes', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  const inA = <T>(fn: () => Promise<T>) => withTenant(A.tenantId, fn);

  beforeAll(async () => {
    [A] = await seedTwoTenants(db().dataSource);
    ds = await db().open({ entities: conformanceEntities });
    defineScope(ds, { name: 'popular', entities: [Task], where: (column) => `${column('views')} >= :popularMinViews`, parameters: { popularMinViews: 2 } });
  });

  it('applies to the main entity, with a bound parameter', async () => {
    expect((await inA(() => ds.getRepository(Task).find())).map((t) => t.views).sort()).toEqual([2, 3]);
  });

  it('applies to joined and eager/relation-loaded entities', async () => {
    const [project] = await inA(() => ds.getRepository(Project).find({ relations: { tasks: true } }));
    expect(project.tasks!.map((t) => t.views).sort()).toEqual([2, 3]);
  });

  it('applies through skip/take pagination (the outer query gets the parameters too)', async () => {
    const page = await inA(() => ds.getRepository(Task).find({ relations: { labels: true }, order: { views: 'ASC' }, skip: 0, take: 1 }));
    expect(page.map((t) => t.views)).toEqual([2]);
  });

  it('is lifted for one call with withoutScopes, and only there', async () => {
    expect(await inA(() => withoutScopes(['popular'], () => ds.getRepository(Task).count()))).toBe(3);
    expect(await inA(() => ds.getRepository(Task).count())).toBe(2);
  });

  it('rejects a duplicate name and a parameter name another scope uses', () => {
    expect(() => defineScope(ds, { name: 'popular', entities: [Task], where: () => '1=1' })).toThrow(/already defined/);
    expect(() => defineScope(ds, { name: 'other', entities: [Task], where: () => '1=1', parameters: { popularMinViews: 1 } })).toThrow(/already used/);
    expect(() => defineScope(ds, { name: 'sneaky', entities: [Task], where: () => '1=1', parameters: { tenancy_tenant_id: 'x' } })).toThrow(/already used/);
  });

  it('parameters given as a function are evaluated per query, in the caller context', async () => {
    const mine = await db().open({ entities: conformanceEntities });
    defineScope(mine, { name: 'mine', entities: [Task], where: (column) => `${column('created_by')} = :mineActor`, parameters: () => ({ mineActor: currentActorId() ?? '00000000-0000-4000-8000-000000000000' }) });
    const actor = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
    await withTenant(A.tenantId, () => mine.getRepository(Task).save({ title: 'by actor', views: 0 }), { actorId: actor });
    const seen = await withTenant(A.tenantId, () => mine.getRepository(Task).find(), { actorId: actor });
    expect(seen.map((t) => t.title)).toEqual(['by actor']);
    expect(await withTenant(A.tenantId, () => mine.getRepository(Task).count())).toBe(0);
  });

  it('does not touch entities it does not cover', async () => {
    expect(await inA(() => ds.getRepository(Tenant).count())).toBe(1);
  });
});
