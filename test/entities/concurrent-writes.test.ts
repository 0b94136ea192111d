import { setTimeout as sleep } from 'node:timers/promises';
import { withTenant } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';

const TASKS = 1000;

describeEachDatabase('write subscriber under concurrency', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  it(`${TASKS} interleaved withTenant tasks over a small pool stamp only their own tenant`, async () => {
    const ds = db().dataSource;
    const tenants = await seedTenants(ds, ...Array.from({ length: 8 }, (_, i) => `t${i}`));
    await Promise.all(
      Array.from({ length: TASKS }, (_, i) => {
        const tenant = tenants[i % tenants.length];
        return withTenant(tenant, async () => {
          await sleep(i % 7);
          await ds.getRepository(Note).insert({ title: `${tenant}:${i}` });
          await new Promise((resolve) => setImmediate(resolve));
        });
      }),
    );
    const rows: Array<{ title: string; tenant_id: string }> = await ds.query('SELECT title, tenant_id FROM notes');
    expect(rows).toHaveLength(TASKS);
    const wrong = rows.filter((r) => r.title.split(':')[0] !== String(r.tenant_id).toLowerCase());
    expect(wrong).toEqual([]);
  });
});
