import type { DataSource } from 'typeorm';
import { withTenant } from '../../../src/tenancy/with-tenant';
import { describeEachAppRole } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenants } from '../../support/tenants';
import { countWire, type Wire } from '../../support/wire';

/** What the wall costs on the wire, counted at the protocol level (test/support/wire.ts). */

describeEachAppRole('row-level security: round trips', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let take: () => Wire;
  let tenants: string[];

  beforeAll(async () => {
    // One pooled connection (the transaction pooler's app DataSource has 8: open one of 1 there; the
    // pooler still hands its transactions to its server sessions in turn).
    ds = db().via === 'pgbouncer-transaction' ? await db().open({ extra: { extra: { max: 1 } } }) : db().app;
    // Seeded by the owner where there is one (directly, never through a pooler under test).
    const seeder = db().owner ?? ds;
    tenants = await seedTenants(seeder, 'rt-a', 'rt-b', 'rt-c', 'rt-d');
    for (const t of tenants) await withTenant(t, () => seeder.getRepository(Note).insert({ title: t }));
    take = countWire(ds);
  });

  const tenFinds = () => Promise.all(Array.from({ length: 10 }, () => ds.getRepository(Note).findOneBy({ title: 'x' })));

  it('every statement carries its settings in its own round trip: a query with parameters gets them in the same pipeline', async () => {
    const [a, b] = tenants;
    await withTenant(a, tenFinds);
    take();
    await withTenant(b, tenFinds);
    // 10 round trips, each: the settings' Bind and the query's Bind.
    expect(take()).toEqual({ roundTrips: 10, statements: 20, settings: 10 });
    await withTenant(b, tenFinds);
    expect(take()).toEqual({ roundTrips: 10, statements: 20, settings: 10 }); // nothing remembered: the same again
  });

  it('a query without parameters (simple protocol) gets them in the same Query message', async () => {
    const [, , c] = tenants;
    take();
    const rows = await withTenant(c, () => ds.query('SELECT tenant_id FROM notes'));
    expect(rows).toEqual([{ tenant_id: c }]);
    expect(take()).toEqual({ roundTrips: 1, statements: 1, settings: 1 });
  });

  it('a transaction: START TRANSACTION and COMMIT need no settings, the query inside carries them', async () => {
    const [, , , d] = tenants;
    take();
    await withTenant(d, () => ds.transaction((m) => m.getRepository(Note).findOneBy({ title: d })));
    expect(take()).toEqual({ roundTrips: 3, statements: 4, settings: 1 });
  });

  it('outside any context nothing is added', async () => {
    take();
    expect(await ds.query('SELECT tenant_id FROM notes WHERE $1 = 1', [1])).toEqual([]);
    expect(await ds.query('SELECT tenant_id FROM notes')).toEqual([]);
    expect(take()).toEqual({ roundTrips: 2, statements: 2, settings: 0 });
  });

  it('the same work costs plain TypeORM (no wall) the same round trips when the tenant holds', async () => {
    const [a] = tenants;
    const plain = await db().open({ tenancy: { rowLevelSecurity: false } });
    const takePlain = countWire(plain);
    // The database wall still stands: this DataSource sends no settings, so it sees no rows.
    expect(await withTenant(a, () => plain.query('SELECT id FROM notes'))).toEqual([]);
    takePlain();
    await withTenant(a, () => Promise.all(Array.from({ length: 10 }, () => plain.getRepository(Note).findOneBy({ title: 'x' }))));
    await withTenant(a, tenFinds);
    take();
    await withTenant(a, tenFinds);
    expect(take().roundTrips).toBe(takePlain().roundTrips);
  });
});
