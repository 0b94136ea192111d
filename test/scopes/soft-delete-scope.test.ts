import type { DataSource } from 'typeorm';
import { withoutScopes } from '../../src/scopes/scope-opt-out';
import { withTenant } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Project, Task } from '../support/conformance-fixtures';
import { seedTwoTenants, type TenantSeed } from '../support/conformance-seed';
import { describeEachDatabase } from '../support/scratch-database';

describeEachDatabase('soft-delete scope', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: TenantSeed;
  const inA = <T>(fn: () => Promise<T>) => withTenant(A.tenantId, fn);
  const titles = (projects: Project[]) => projects.flatMap((p) => (p.tasks ?? []).map((t) => t.title)).sort();
  const goneViews = async () => Number((await ds.query(`SELECT views FROM tasks WHERE id = '${A.gone.id}'`))[0].views);

  beforeAll(async () => {
    ds = db().dataSource;
    [A] = await seedTwoTenants(ds);
  });

  it('reads and joins hide soft-deleted rows', async () => {
    expect(await inA(() => ds.getRepository(Task).countBy({ projectId: A.project.id }))).toBe(3);
    const joined = await inA(() => ds.getRepository(Project).createQueryBuilder('p').leftJoinAndSelect('p.tasks', 't').getMany());
    expect(titles(joined)).not.toContain('Gone');
  });

  it('withDeleted() works whether it is called before or after the join', async () => {
    const before = await inA(() => ds.getRepository(Project).createQueryBuilder('p').withDeleted().leftJoinAndSelect('p.tasks', 't').getMany());
    const after = await inA(() => ds.getRepository(Project).createQueryBuilder('p').leftJoinAndSelect('p.tasks', 't').withDeleted().getMany());
    expect(titles(before)).toContain('Gone');
    expect(titles(after)).toEqual(titles(before));
  });

  it('find({ withDeleted, relations }) includes soft-deleted relations', async () => {
    const projects = await inA(() => ds.getRepository(Project).find({ withDeleted: true, relations: { tasks: true } }));
    expect(titles(projects)).toContain('Gone');
  });

  it('bulk update and increment leave soft-deleted rows alone unless the scope is lifted', async () => {
    await inA(() => ds.getRepository(Task).update({ projectId: A.project.id }, { views: 50 }));
    await inA(() => ds.getRepository(Task).increment({ projectId: A.project.id }, 'views', 1));
    expect(await goneViews()).toBe(100);
    await inA(() => withoutScopes(['softDelete'], () => ds.getRepository(Task).increment({ id: A.gone.id }, 'views', 1)));
    expect(await goneViews()).toBe(101);
  });

  it('save() of a soft-deleted entity loaded withDeleted still updates it', async () => {
    const gone = await inA(() => ds.getRepository(Task).findOneOrFail({ where: { id: A.gone.id }, withDeleted: true }));
    await inA(() => ds.getRepository(Task).save({ ...gone, views: 7 }));
    expect(await goneViews()).toBe(7);
  });
});
