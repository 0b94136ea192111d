import type { DataSource } from 'typeorm';
import { Conference } from '../../src/entities/conference/conference.entity';
import { Session } from '../../src/entities/conference/session.entity';
import { Venue } from '../../src/entities/conference/venue.entity';
import { User } from '../../src/entities/identity/user.entity';
import { TenantMismatchError, UnscopableQueryError } from '../../src/errors';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { readCatalogAsMysql8 } from '../support/mysql8-catalog';
import { isAvailable, TARGETS } from '../support/targets';
import { countRows, seedTenants } from '../support/tenants';
import { openVitessScratch, type VitessScratch } from '../support/vitess-scratch';

interface TenantRows {
  tenant: string;
  user: string;
  venue: string;
  conference: string;
}

async function seed(ds: DataSource, tenant: string, n: number): Promise<TenantRows> {
  return withTenant(tenant, async () => {
    const user = await ds.getRepository(User).save({ email: `u${n}@example.test`, name: `User ${n}` });
    const venue = await ds.getRepository(Venue).save({ name: `Venue ${n}` });
    const conference = await ds.getRepository(Conference).save({ title: `Conf ${n}`, slug: `conf-${n}`, startDate: '2027-01-01', endDate: '2027-01-02', venueId: venue.id });
    return { tenant, user: user.id, venue: venue.id, conference: conference.id };
  });
}

interface SessionRow {
  conferenceId: string;
  venueId?: string | null;
  tenantId?: string;
  id?: string;
  conference?: { id: string };
}

/** A new session row; typed `never` so insert/save/upsert/values all take it (their parameter types differ). */
const session = (conferenceId: string, extra: Omit<SessionRow, 'conferenceId'> = {}): never =>
  ({ conferenceId, title: 'Talk', startTime: new Date('2027-01-01T10:00:00Z'), endTime: new Date('2027-01-01T11:00:00Z'), ...extra }) as never;

/** Runs `fn`, expects `type`, and proves `sessions` kept its row count (straight from the database). */
async function refused(ds: DataSource, fn: () => Promise<unknown>, type: abstract new (...args: never[]) => Error): Promise<void> {
  const before = await countRows(ds, 'sessions');
  await expect(fn()).rejects.toBeInstanceOf(type);
  expect(await countRows(ds, 'sessions')).toBe(before);
}

/**
 * On the Vitess profile the database has no foreign key and no trigger, so the scope layer's
 * reference guard is the only thing between a tenant and a reference to another tenant's row: each
 * case here is one the composite keys (required references) or the same-tenant triggers (optional
 * ones and the actors) refused on the single-server schema. The control case shows that the
 * database itself now accepts such a row.
 */
for (const target of TARGETS) {
  const family = target.family === 'mysql';
  const suite = family && isAvailable(target) ? describe : describe.skip;
  const title = family ? `Vitess profile: reference guard [${target.name}]` : `Vitess profile: reference guard [${target.name}: not the MySQL family, the profile does not apply]`;
  suite(title, () => {
    let db: VitessScratch;
    let a: TenantRows;
    let b: TenantRows;
    beforeAll(async () => {
      db = await openVitessScratch(target);
      const [ta, tb] = await seedTenants(db.dataSource, 'vt-a', 'vt-b');
      a = await seed(db.dataSource, ta, 1);
      b = await seed(db.dataSource, tb, 2);
    }, 600_000);
    afterAll(async () => {
      await db?.close();
    });

    it('the profile left no foreign key and no trigger in the database', async () => {
      const [keys] = await db.dataSource.query('SELECT COUNT(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()');
      const [triggers] = await db.dataSource.query('SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');
      expect([Number(keys.n), Number(triggers.n)]).toEqual([0, 0]);
      expect(db.dataSource.getMetadata(Session).foreignKeys).toEqual([]);
    });

    it('the entity metadata says what the profile wrote: TypeORM\'s schema diff (migration:generate) finds nothing to change', async () => {
      if (target.name === 'mysql') readCatalogAsMysql8(db.dataSource);
      expect((await db.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query)).toEqual([]);
    });

    it('an application started without the profile variable refuses to start on this schema (it would have no reference guard, and the database accepted a session of tenant A in tenant B\'s conference)', async () => {
      const before = await countRows(db.dataSource, 'sessions');
      const started = db.open(undefined);
      await expect(started).rejects.toMatchObject({ code: 'TENANCY_SETUP_UNSUPPORTED', message: expect.stringMatching(/tables without any of the foreign keys.*set it where this process runs/) });
      await expect(started).rejects.toThrow(/TYPEORM_TENANCY_MYSQL_PROFILE=vitess/);
      expect(await countRows(db.dataSource, 'sessions')).toBe(before);
      // TypeORM alone (no tenancy) is not refused: the library is inert where it is not asked.
      const plain = await db.open(undefined, false);
      expect(plain.isInitialized).toBe(true);
    });

    it('inserts and updates referencing the own tenant pass', async () => {
      const ds = db.dataSource;
      await withTenant(a.tenant, () => ds.getRepository(Session).insert(session(a.conference, { venueId: a.venue })), { actorId: a.user });
      const saved: Session = await withTenant(a.tenant, () => ds.getRepository(Session).save(session(a.conference) as Session), { actorId: a.user });
      await withTenant(a.tenant, () => ds.getRepository(Session).update({ id: saved.id }, { venueId: a.venue }));
      await withoutTenantScope(() => ds.getRepository(Session).insert(session(b.conference, { tenantId: b.tenant })));
      expect(await countRows(ds, 'sessions', `tenant_id = '${a.tenant}'`)).toBeGreaterThanOrEqual(2);
    });

    it('insert of a required reference to another tenant\'s parent is refused (was: composite foreign key)', async () => {
      const ds = db.dataSource;
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).insert(session(b.conference))), TenantMismatchError);
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).save(session(b.conference))), TenantMismatchError);
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).upsert([session(b.conference, { id: '0190d1a0-0000-7000-8000-000000000001' })], ['id'])), TenantMismatchError);
      await refused(ds, () => withTenant(a.tenant, () => ds.createQueryBuilder().insert().into(Session).values(session(b.conference)).execute()), TenantMismatchError);
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).save(session(a.conference, { conference: { id: b.conference } }))), TenantMismatchError);
    });

    it('insert of an optional reference and of an actor of another tenant is refused (was: same-tenant triggers)', async () => {
      const ds = db.dataSource;
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).insert(session(a.conference, { venueId: b.venue }))), TenantMismatchError);
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).insert(session(a.conference)), { actorId: b.user }), TenantMismatchError);
    });

    it('a reference to a row that does not exist is refused, as the key did', async () => {
      const ds = db.dataSource;
      await refused(ds, () => withTenant(a.tenant, () => ds.getRepository(Session).insert(session('0190d1a0-0000-7000-8000-00000000dead'))), TenantMismatchError);
    });

    it('update pointing a row at another tenant\'s parent or actor is refused, through update(), the query builder and save()', async () => {
      const ds = db.dataSource;
      const own: Session = await withTenant(a.tenant, () => ds.getRepository(Session).save(session(a.conference) as Session));
      const unchanged = async () => {
        const [row] = await ds.query('SELECT conference_id AS c, venue_id AS v, title AS t, updated_by AS u FROM sessions WHERE id = ?', [own.id]);
        expect([row.c, row.v, row.t, row.u]).toEqual([a.conference, null, 'Talk', null]);
      };
      await expect(withTenant(a.tenant, () => ds.getRepository(Session).update({ id: own.id }, { conferenceId: b.conference }))).rejects.toBeInstanceOf(TenantMismatchError);
      await expect(withTenant(a.tenant, () => ds.createQueryBuilder().update(Session).set({ venueId: b.venue }).where('id = :id', { id: own.id }).execute())).rejects.toBeInstanceOf(TenantMismatchError);
      await expect(withTenant(a.tenant, () => ds.getRepository(Session).save({ ...own, venueId: b.venue }))).rejects.toBeInstanceOf(TenantMismatchError);
      // The actor another tenant's user: updated_by would point across tenants (was: the same-tenant trigger).
      await expect(withTenant(a.tenant, () => ds.getRepository(Session).update({ id: own.id }, { title: 'Renamed' }), { actorId: b.user })).rejects.toBeInstanceOf(TenantMismatchError);
      await expect(withTenant(a.tenant, () => ds.getRepository(Session).save({ ...own, title: 'Renamed' }), { actorId: b.user })).rejects.toBeInstanceOf(TenantMismatchError);
      await unchanged();
    });

    it('system work: an insert is checked against the tenant it names; an update setting a reference without the tenant is refused', async () => {
      const ds = db.dataSource;
      await refused(ds, () => withoutTenantScope(() => ds.getRepository(Session).insert(session(b.conference, { tenantId: a.tenant }))), TenantMismatchError);
      await expect(withoutTenantScope(() => ds.getRepository(Session).update({ tenantId: a.tenant }, { conferenceId: b.conference }))).rejects.toBeInstanceOf(UnscopableQueryError);
      expect(await countRows(ds, 'sessions', `tenant_id = '${a.tenant}' AND conference_id = '${b.conference}'`)).toBe(0);
    });

    it('the refusal names neither the other tenant nor its row', async () => {
      const ds = db.dataSource;
      const error = (await withTenant(a.tenant, () => ds.getRepository(Session).insert(session(b.conference))).catch((e: Error) => e)) as Error;
      expect(error).toBeInstanceOf(TenantMismatchError);
      expect(error.message).not.toContain(b.tenant);
      expect(error.message).not.toContain(b.conference);
    });
  });
}
