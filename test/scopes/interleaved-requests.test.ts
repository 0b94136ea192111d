import { In } from 'typeorm';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { describeEachAppRole, variantName } from '../support/app-role';
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

const RLS_REQUESTS = 5_000;

/**
 * The same kind of traffic as the application role, behind row-level security, on every
 * application-role variant (directly, and through PgBouncer in transaction and session mode). Half
 * of the reads are raw SQL, which only the database wall scopes; the writes aimed at another
 * tenant's rows are raw SQL too. Every outcome is counted first, so a failure shows how many
 * requests failed, saw or touched another tenant's rows, or missed their own.
 */
describeEachAppRole('interleaved requests behind row-level security', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  it(`${RLS_REQUESTS} concurrent withTenant requests see and touch only their own tenant`, async () => {
    const { target, via } = db();
    // The transaction pooler's own variant: an application pool larger than PgBouncer's (db().app).
    const size = target.name === 'pglite' ? 1 : 2;
    const pooled = via === 'pgbouncer-transaction' ? db().app : await db().open({ extra: { extra: { max: size } } });
    // Seeded by the owner where there is one (directly, not through the pooler under test).
    const seeder = db().owner ?? pooled;
    const tenants = await seedTenants(seeder, ...Array.from({ length: TENANTS }, (_, i) => `rls-${i}`));
    const owner = (i: number) => tenants[i % TENANTS];
    // One row per tenant from the start (views = its index), so every read has something of its own.
    for (const [i, tenant] of tenants.entries()) await withTenant(tenant, () => seeder.getRepository(Task).insert({ title: 'interleaved', views: i }));
    const outcome = { failed: 0, sawForeign: 0, foreignRows: 0, missedOwn: 0, touchedForeign: 0 };
    const errors = new Map<string, number>();
    const read = (i: number, rows: Array<{ tenantId?: string; tenant_id?: string }>) => {
      const seen = rows.map((r) => String(r.tenantId ?? r.tenant_id).toLowerCase());
      const foreign = seen.filter((t) => t !== owner(i)).length;
      outcome.foreignRows += foreign;
      if (foreign > 0) outcome.sawForeign++;
      if (seen.length === foreign) outcome.missedOwn++;
    };
    await Promise.all(
      Array.from({ length: RLS_REQUESTS }, (_, i) =>
        withTenant(owner(i), async () => {
          const tasks = pooled.getRepository(Task);
          if (i % 4 === 0) {
            read(i, await tasks.find({ where: { title: 'interleaved' }, take: 20, order: { views: 'DESC' } }));
          } else if (i % 4 === 1) {
            // Raw SQL: only the policy filters it.
            read(i, await pooled.query(`SELECT tenant_id FROM tasks WHERE title = 'interleaved' ORDER BY views DESC LIMIT 20`));
          } else if (i % 4 === 2) {
            await (i % 12 === 2 ? pooled.transaction((m) => m.getRepository(Task).insert({ title: 'interleaved', views: i })) : tasks.insert({ title: 'interleaved', views: i }));
          } else if (i % 8 === 3) {
            // Raw write aimed at the previous request's row (another tenant's): must touch nothing.
            const [, affected] = (await pooled.query(`UPDATE tasks SET title = 'touched' WHERE views = $1`, [i - 1])) as [unknown, number];
            outcome.touchedForeign += affected;
          } else {
            // Raw write aimed at every other tenant's first row (changing nothing in it): must match none.
            const [, affected] = (await pooled.query(`UPDATE tasks SET title = title WHERE views < ${TENANTS} AND tenant_id <> $1`, [owner(i)])) as [unknown, number];
            outcome.touchedForeign += affected;
          }
        }).catch((error: Error & { code?: string }) => {
          outcome.failed++;
          const key = `${error.code ?? '-'} ${error.message.replace(/"[^"]*"/g, '"…"').slice(0, 100)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }),
      ),
    );
    const rows: Array<{ views: number; tenant_id: string; title: string }> = await db().owner?.query('SELECT views, tenant_id, title FROM tasks') ?? await withoutTenantScope(() => pooled.query('SELECT views, tenant_id, title FROM tasks'));
    const misfiled = rows.filter((r) => String(r.tenant_id).toLowerCase() !== owner(Number(r.views))).length;
    const touched = rows.filter((r) => r.title === 'touched').length;
    if (outcome.failed + outcome.sawForeign + outcome.missedOwn + outcome.touchedForeign + misfiled + touched > 0) {
      console.warn(`${variantName(db())}: ${JSON.stringify({ ...outcome, misfiled, touched })}\n${[...errors].map(([e, n]) => `${n} × ${e}`).join('\n')}`);
    }
    expect({ ...outcome, misfiled, touched, errors: Object.fromEntries(errors) }).toEqual({ failed: 0, sawForeign: 0, foreignRows: 0, missedOwn: 0, touchedForeign: 0, misfiled: 0, touched: 0, errors: {} });
    expect(rows).toHaveLength(TENANTS + RLS_REQUESTS / 4);
  }, 600_000);
});
