import { In } from 'typeorm';
import { withTenant } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Task } from '../support/conformance-fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';

const REQUESTS = 10_000;
const TENANTS = 8;

describeEachDatabase('interleaved requests over a pool of 2', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  it(`${REQUESTS} concurrent withTenant requests see and touch only their own tenant`, async () => {
    const pooled = await db().open({ entities: conformanceEntities, extra: { poolSize: db().target.name === 'pglite' ? 1 : 2 } });
    const tenants = await seedTenants(pooled, ...Array.from({ length: TENANTS }, (_, i) => `pool-${i}`));
    const owner = (i: number) => tenants[i % TENANTS];
    const foreignSeen: string[] = [];
    let foreignTouched = 0;
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        withTenant(owner(i), async () => {
          const tasks = pooled.getRepository(Task);
          if (i % 3 === 0) {
            // Read: the look-alike rows of every tenant share the title.
            const rows = await tasks.find({ where: { title: 'interleaved' }, take: 20, order: { views: 'DESC' } });
            foreignSeen.push(...rows.map((r) => r.tenantId).filter((t) => t !== owner(i)));
          } else if (i % 3 === 1) {
            await tasks.insert({ title: 'interleaved', views: i });
          } else {
            // Write aimed at a row of the previous request's tenant (views i - 1): must touch nothing.
            const result = await tasks.update({ views: In([i - 1]) }, { title: 'touched' });
            foreignTouched += result.affected ?? 0;
          }
        }),
      ),
    );
    const rows: Array<{ views: number; tenant_id: string; title: string }> = await pooled.query('SELECT views, tenant_id, title FROM tasks');
    const misfiled = rows.filter((r) => String(r.tenant_id).toLowerCase() !== owner(Number(r.views)));
    expect(foreignSeen).toEqual([]);
    expect(foreignTouched).toBe(0);
    expect(rows.filter((r) => r.title === 'touched')).toEqual([]);
    expect(misfiled).toEqual([]);
    expect(rows).toHaveLength(Math.ceil((REQUESTS - 1) / 3));
  }, 600_000);
});
