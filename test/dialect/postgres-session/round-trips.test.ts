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

  // PGlite's socket clients share one session, which other clients may change: there every
  // statement carries the settings, still in its own round trip.
  const shared = () => db().target.name === 'pglite';

  it('a connection that already carries the tenant sends nothing extra', async () => {
    const [a] = tenants;
    await withTenant(a, tenFinds);
    take();
    await withTenant(a, tenFinds);
    expect(take()).toEqual(shared() ? { roundTrips: 10, statements: 20, settings: 10 } : { roundTrips: 10, statements: 10, settings: 0 });
  });

  it('a tenant switch rides in the same round trip as a query with parameters', async () => {
    const [a, b] = tenants;
    await withTenant(a, tenFinds);
    take();
    await withTenant(b, tenFinds);
    expect(take()).toEqual(shared() ? { roundTrips: 10, statements: 20, settings: 10 } : { roundTrips: 10, statements: 11, settings: 1 });
  });

  it('before a query without parameters (simple protocol) the switch costs one round trip', async () => {
    const [, b, c] = tenants;
    await withTenant(b, tenFinds);
    take();
    const rows = await withTenant(c, () => ds.query('SELECT tenant_id FROM notes'));
    expect(rows).toEqual([{ tenant_id: c }]);
    expect(take()).toEqual({ roundTrips: 2, statements: 2, settings: 1 });
  });

  it('a transaction under a new tenant: BEGIN needs no settings, the first query carries them', async () => {
    const [, , c, d] = tenants;
    await withTenant(c, tenFinds);
    take();
    await withTenant(d, () => ds.transaction((m) => m.getRepository(Note).findOneBy({ title: d })));
    expect(take()).toEqual({ roundTrips: 3, statements: 4, settings: 1 });
  });

  it('the same work costs plain TypeORM (no wall) the same round trips when the tenant holds', async () => {
    const [a] = tenants;
    const plain = await db().open({ tenancy: { rowLevelSecurity: false } });
    const takePlain = countWire(plain);
    // The database wall still stands: this DataSource sends no settings, so it sees no rows. (Not
    // on PGlite, whose socket clients all share its one session and so the other pool's settings.)
    if (db().target.name !== 'pglite') expect(await withTenant(a, () => plain.query('SELECT id FROM notes'))).toEqual([]);
    takePlain();
    await withTenant(a, () => Promise.all(Array.from({ length: 10 }, () => plain.getRepository(Note).findOneBy({ title: 'x' }))));
    await withTenant(a, tenFinds);
    take();
    await withTenant(a, tenFinds);
    expect(take().roundTrips).toBe(takePlain().roundTrips);
  });
});
