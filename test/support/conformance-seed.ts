import type { DataSource } from 'typeorm';
import { withTenant } from '../../src/tenancy/with-tenant';
import { Folder, Label, Project, Remark, Task } from './conformance-fixtures';
import { seedTenants } from './tenants';

/** Ids of one tenant's look-alike data set. */
export interface TenantSeed {
  tenantId: string;
  project: Project;
  tasks: Task[];
  gone: Task;
  labels: Label[];
  root: Folder;
}

/**
 * Gives a tenant the same-looking data every other tenant gets: one project "Shared", three live
 * tasks "Same title" (views 1, 2, 3, plus `viewOffset`, so aggregates tell tenants apart), one soft-deleted task "Gone" (views 100), labels "red" and
 * "blue" on the first task, two remarks on it, and a folder tree Root → Child → Leaf.
 */
export async function seedLookAlike(ds: DataSource, tenantId: string, viewOffset = 0): Promise<TenantSeed> {
  return withTenant(tenantId, async () => {
    const slug = tenantId.slice(-12);
    const project = await ds.getRepository(Project).save({ title: 'Shared' });
    const labels = await ds.getRepository(Label).save([{ code: `${slug}-red`, name: 'red' }, { code: `${slug}-blue`, name: 'blue' }]);
    const tasks = await ds.getRepository(Task).save([1, 2, 3].map((views) => ({ title: 'Same title', views: views + viewOffset, projectId: project.id })));
    await ds.getRepository(Task).save({ ...tasks[0], labels });
    const gone = await ds.getRepository(Task).save({ title: 'Gone', views: 100, projectId: project.id });
    await ds.getRepository(Task).softRemove(gone);
    await ds.getRepository(Remark).save([{ body: 'Same remark', taskId: tasks[0].id }, { body: 'Same remark', taskId: tasks[0].id }]);
    const folders = ds.getTreeRepository(Folder);
    const root = await folders.save({ name: 'Root' });
    const child = await folders.save({ name: 'Child', parent: root });
    await folders.save({ name: 'Leaf', parent: child });
    return { tenantId, project, tasks, gone, labels, root };
  });
}

/** Two tenants, A (views 1-3) and B (views 4-6), with look-alike data. */
export async function seedTwoTenants(ds: DataSource): Promise<[TenantSeed, TenantSeed]> {
  const [a, b] = await seedTenants(ds, 'tenant-a', 'tenant-b');
  return [await seedLookAlike(ds, a), await seedLookAlike(ds, b, 3)];
}
