import { randomBytes } from 'node:crypto';
import { QueryFailedError, type DataSource, type ObjectLiteral, type Repository } from 'typeorm';
import { Country } from '../../src/entities/reference/country.entity';
import { Language } from '../../src/entities/reference/language.entity';
import { entitiesPhase00to03 } from '../../src/entities/schema-entities-00-03';
import { CacheEntry } from '../../src/entities/system/cache-entry.entity';
import { FailedJob } from '../../src/entities/system/failed-job.entity';
import { Job } from '../../src/entities/system/job.entity';
import { Route } from '../../src/entities/system/route.entity';
import { SystemSetting } from '../../src/entities/system/system-setting.entity';
import { WebSession } from '../../src/entities/system/web-session.entity';
import type { TableDefinition } from '../../src/schema/table-definition';
import { tableMigration } from '../../src/migrations/schema/table-migration';
import { countries } from '../../src/schema/tables/0005-countries';
import { languages } from '../../src/schema/tables/0006-languages';
import { tablesPhase00to03 } from '../../src/schema/tables/phase-00-03';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { allowingDropWithRows } from '../support/allow-drop-with-rows';
import { describeEachDatabase } from '../support/scratch-database';
import { listTables } from '../support/schema-inspect';
import { seedTenants } from '../support/tenants';

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
/** Relation property of a reference column: `conference_id` → `conference`. */
const relationOf = (column: string) => camel(column.replace(/_id$/, ''));

const tenantDefs = tablesPhase00to03.filter((t) => t.kind === 'tenant');
const references = tenantDefs.flatMap((def) => (def.references ?? []).map((ref) => ({ def, ref })));

const tables = async (ds: DataSource) => (await listTables(ds)).map((t) => t.name);

/** The database itself refused a row for its reference: FK violation, or the MySQL-family trigger's SQLSTATE 23000. */
function refusedByForeignKey(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const d = error.driverError as { code?: string; errno?: number; sqlState?: string };
  return d.code === '23503' || d.errno === 1452 || (d.errno === 1644 && d.sqlState === '23000');
}

type Ids = Partial<Record<string, string>>;
let serial = 0;

/** One valid row per tenant table; references point at `ids` (the same tenant's rows, or another's). */
const factories: Record<string, (ids: Ids) => ObjectLiteral> = {
  users: () => ({ email: `user${++serial}@example.com`, name: 'Ada Lovelace', phone: '+41791234567', locale: 'de-CH', settings: { theme: 'dark' } }),
  user_roles: (ids) => ({ userId: ids.users, role: 'organizer', scope: { conferenceIds: [] }, expiresAt: new Date('2027-01-01T00:00:00.000Z') }),
  tenant_settings: () => ({ key: `mail.from.${++serial}`, value: { address: 'events@example.com', name: 'Events' } }),
  password_reset_tokens: (ids) => ({
    userId: ids.users,
    tokenHash: `sha256:${uuidv7()}`,
    expiresAt: new Date('2027-01-01T01:00:00.000Z'),
    usedAt: null,
    requestedIp: '2001:db8::1',
  }),
  venues: () => ({ name: 'Kongresshaus', type: 'physical', city: 'Zürich', countryCode: 'CH', capacity: 1200 }),
  conferences: (ids) => ({
    title: 'NodeConf',
    slug: `nodeconf-${++serial}`,
    startDate: '2027-05-01',
    endDate: '2027-05-02',
    venueId: ids.venues ?? null,
    isPublic: true,
  }),
  programs: (ids) => ({
    conferenceId: ids.conferences,
    parentId: ids.programs ?? null,
    title: 'Main program',
    description: 'All talks',
    status: 'published',
    startDate: '2027-05-01',
    endDate: '2027-05-02',
    position: 1,
  }),
  program_chairs: (ids) => ({ programId: ids.programs, userId: ids.users, role: 'co_chair' }),
  speakers: (ids) => ({
    userId: ids.users ?? null,
    name: 'Grace Hopper',
    email: `speaker${++serial}@example.com`,
    bio: 'Rear admiral and compiler pioneer.',
    company: 'US Navy',
    jobTitle: 'Computer scientist',
    photoUrl: 'https://example.com/grace.jpg',
    socialLinks: { github: 'https://github.com/grace' },
  }),
  sessions: (ids) => ({
    conferenceId: ids.conferences,
    programId: ids.programs ?? null,
    venueId: ids.venues ?? null,
    title: 'Opening keynote',
    description: 'Welcome',
    type: 'keynote',
    status: 'scheduled',
    startTime: new Date('2027-05-01T09:00:00.000Z'),
    endTime: new Date('2027-05-01T10:00:00.000Z'),
    room: 'Hall A',
    capacity: 800,
  }),
  participants: (ids) => ({
    conferenceId: ids.conferences,
    userId: ids.users ?? null,
    email: `participant${++serial}@example.com`,
    name: 'Ada Lovelace',
    type: 'speaker',
    status: 'registered',
    checkedInAt: new Date('2027-05-01T08:30:00.123Z'),
    metadata: { diet: 'vegetarian' },
  }),
  session_speakers: (ids) => ({ sessionId: ids.sessions, participantId: ids.participants, type: 'moderator', orderIndex: 2, bio: 'Moderates.' }),
  session_attendance: (ids) => ({
    sessionId: ids.sessions,
    participantId: ids.participants,
    checkedInAt: new Date('2027-05-01T09:01:00.000Z'),
    checkedOutAt: new Date('2027-05-01T09:59:00.000Z'),
    source: 'qr_code',
  }),
};

describeEachDatabase(
  'schema phases 00xx-03xx',
  { entities: entitiesPhase00to03, migrations: tablesPhase00to03.map(tableMigration) },
  (db) => {
    let ds: DataSource;
    let A: string;
    let B: string;
    /** Per tenant: id of its row of each tenant table. */
    const ids: Record<string, Ids> = {};
    /** What was saved in tenant A, per table. */
    const saved: Record<string, ObjectLiteral> = {};
    const repo = (table: string): Repository<ObjectLiteral> => ds.getRepository(ds.getMetadata(table).target);
    const save = (tenant: string, table: string, row: ObjectLiteral) => withTenant(tenant, () => repo(table).save(repo(table).create(row)));

    beforeAll(async () => {
      ds = db().dataSource;
      [A, B] = await seedTenants(ds, 'alpha', 'beta');
      for (const tenant of [A, B]) {
        ids[tenant] = {};
        for (const def of tenantDefs) {
          const row = factories[def.name](ids[tenant]);
          const entity = await save(tenant, def.name, row);
          ids[tenant][def.name] = entity.id as string;
          if (tenant === A) saved[def.name] = { id: entity.id, ...row };
        }
      }
    });

    it('creates every table of the phases, each mapped by one entity', async () => {
      const names = await tables(ds);
      for (const def of tablesPhase00to03) expect(names).toContain(def.name);
      expect(entitiesPhase00to03.map((e) => ds.getMetadata(e).tableName).sort()).toEqual(tablesPhase00to03.map((t) => t.name).sort());
      for (const def of tenantDefs) expect(Object.keys(factories)).toContain(def.name);
    });

    it('seeds the ISO 3166-1 countries and ISO 639-1 languages', async () => {
      expect(await ds.getRepository(Country).count()).toBeGreaterThanOrEqual(249);
      expect(await ds.getRepository(Language).count()).toBeGreaterThanOrEqual(180);
      expect(await ds.getRepository(Country).findOneByOrFail({ alpha2: 'CH' })).toMatchObject({ alpha3: 'CHE', numeric: '756', name: 'Switzerland' });
      expect(await ds.getRepository(Country).findOneByOrFail({ numeric: '004' })).toMatchObject({ alpha2: 'AF', alpha3: 'AFG' });
      expect(await ds.getRepository(Language).findOneByOrFail({ code: 'de' })).toMatchObject({
        part2t: 'deu',
        part2b: 'ger',
        part3: 'deu',
        name: 'German',
        endonym: 'Deutsch',
      });
      expect((await ds.getRepository(Language).findOneByOrFail({ code: 'ja' })).endonym).toBe('日本語');
    });

    it('global tables: save and read back', async () => {
      const expiration = Math.floor(Date.now() / 1000) + 3_000_000_000; // past 2038: bigint
      await ds.getRepository(CacheEntry).save({ key: 'rates:chf', value: '1.08', expiration });
      expect(await ds.getRepository(CacheEntry).findOneByOrFail({ key: 'rates:chf' })).toEqual({ key: 'rates:chf', value: '1.08', expiration });

      const session = { id: 'sess-abc', userId: ids[A].users!, ipAddress: '203.0.113.9', userAgent: 'jest', payload: '{}', lastActivity: 1_800_000_000 };
      await ds.getRepository(WebSession).save(session);
      expect(await ds.getRepository(WebSession).findOneByOrFail({ id: 'sess-abc' })).toEqual(session);

      const job = await ds.getRepository(Job).save({ queue: 'mail', payload: '{"handler":"SendInvite"}' });
      expect(await ds.getRepository(Job).findOneByOrFail({ id: job.id })).toMatchObject({ queue: 'mail', attempts: 0, reservedAt: null });

      const failed = { uuid: '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192', connection: 'database', queue: 'mail', payload: '{}', exception: 'Error: boom' };
      const f = await ds.getRepository(FailedJob).save({ ...failed });
      expect(await ds.getRepository(FailedJob).findOneByOrFail({ id: f.id })).toMatchObject(failed);
      await expect(ds.getRepository(FailedJob).insert({ ...failed })).rejects.toThrow(QueryFailedError);

      const route = await withoutTenantScope(() =>
        ds.getRepository(Route).save({ name: 'conference.show', path: '/c/{slug}', method: 'GET', isPublic: true, metadata: { auth: false } }),
      );
      expect(await ds.getRepository(Route).findOneByOrFail({ id: route.id })).toMatchObject({ name: 'conference.show', isPublic: true, metadata: { auth: false } });
      await expect(ds.getRepository(Route).insert({ name: 'conference.show', path: '/other' })).rejects.toThrow(QueryFailedError);

      await ds.getRepository(SystemSetting).save({ key: 'signup.enabled', value: true });
      expect(await ds.getRepository(SystemSetting).findOneByOrFail({ key: 'signup.enabled' })).toMatchObject({ value: true, isPublic: false });
    });

    it.each(tenantDefs.map((d) => d.name))('%s: a row saved in a tenant reads back there and nowhere else', async (table) => {
      const row = saved[table];
      const loaded = await withTenant(A, () => repo(table).findOneByOrFail({ id: row.id }));
      expect(loaded).toMatchObject({ ...row, tenantId: A });
      expect(await withTenant(B, () => repo(table).findOneBy({ id: row.id }))).toBeNull();
    });

    it('programs: a track references its parent program (self-reference)', async () => {
      const track = await save(A, 'programs', { ...factories.programs(ids[A]), parentId: ids[A].programs, title: 'Frontend track' });
      const loaded = await withTenant(A, () => repo('programs').findOneOrFail({ where: { id: track.id }, relations: { parent: true } }));
      expect(loaded.parent.id).toBe(ids[A].programs);
      const root = await withTenant(A, () => repo('programs').findOneOrFail({ where: { id: ids[A].programs }, relations: { children: true } }));
      expect(root.children.map((c: ObjectLiteral) => c.id)).toEqual([track.id]);
    });

    it.each(references.map(({ def, ref }) => [def.name, ref.column, ref.table]))(
      '%s.%s: joins its %s row',
      async (table, column, parent) => {
        // The first row of a self-referencing table has no parent: use a child of it.
        const child =
          table === parent
            ? await save(A, table, { ...factories[table](ids[A]), [camel(column)]: ids[A][parent] })
            : { id: ids[A][table] };
        const relation = relationOf(column);
        const loaded = await withTenant(A, () => repo(table).findOneOrFail({ where: { id: child.id }, relations: { [relation]: true } }));
        expect(loaded[relation]).toMatchObject({ id: ids[A][parent], tenantId: A });
        const viaBuilder = await withTenant(A, () =>
          repo(table).createQueryBuilder('child').innerJoin(`child.${relation}`, 'parent').where('child.id = :id', { id: child.id }).getCount(),
        );
        expect(viaBuilder).toBe(1);
      },
    );

    it.each(references.map(({ def, ref }) => [def.name, ref.column, ref.nullable ? 'optional' : 'required', ref.table]))(
      '%s.%s (%s): the database refuses a %s row of another tenant',
      async (table, column, _kind, parent) => {
        const row = { ...factories[table](ids[A]), [camel(column)]: ids[B][parent] };
        const before = await withoutTenantScope(() => repo(table).count({ withDeleted: true }));
        const error = await save(A, table, row).catch((e: unknown) => e);
        expect(refusedByForeignKey(error)).toBe(true);
        expect(await withoutTenantScope(() => repo(table).count({ withDeleted: true }))).toBe(before);
      },
    );

    it.each(references.filter(({ ref }) => ref.nullable).map(({ def, ref }) => [def.name, ref.column, ref.table]))(
      '%s.%s: an update pointing the optional reference at another tenant\'s %s row is refused',
      async (table, column, parent) => {
        const row = await save(A, table, { ...factories[table](ids[A]), [camel(column)]: null });
        const error = await withTenant(A, () => repo(table).update({ id: row.id }, { [camel(column)]: ids[B][parent] })).catch((e: unknown) => e);
        expect(refusedByForeignKey(error)).toBe(true);
        const reloaded = await withTenant(A, () => repo(table).findOneByOrFail({ id: row.id }));
        expect(reloaded[camel(column)]).toBeNull();
      },
    );

    it('raw SQL cannot attach a row to another tenant\'s parent either', async () => {
      const q = (name: string) => ds.driver.escape(name);
      const error = await ds
        .query(
          `INSERT INTO ${q('user_roles')} (${q('id')}, ${q('tenant_id')}, ${q('user_id')}, ${q('role')}) VALUES ('${uuidv7()}', '${A}', '${ids[B].users}', 'viewer')`,
        )
        .catch((e: unknown) => e);
      expect(refusedByForeignKey(error)).toBe(true);
    });

    it('live-unique keys: a duplicate speaker email is refused until the first is soft-deleted', async () => {
      const email = `dup${++serial}@example.com`;
      const first = await save(A, 'speakers', { ...factories.speakers({}), email });
      await expect(save(A, 'speakers', { ...factories.speakers({}), email })).rejects.toThrow(QueryFailedError);
      await save(B, 'speakers', { ...factories.speakers({}), email }); // another tenant: its own key
      await withTenant(A, () => repo('speakers').softRemove(first));
      await save(A, 'speakers', { ...factories.speakers({}), email });
    });

    it('session_speakers: a 20 KB session bio is stored (no index carries the TEXT column)', async () => {
      const bio = randomBytes(15_000).toString('base64'); // incompressible
      const participant = await save(A, 'participants', factories.participants(ids[A]));
      const row = await save(A, 'session_speakers', { ...factories.session_speakers(ids[A]), participantId: participant.id, bio });
      expect((await withTenant(A, () => repo('session_speakers').findOneByOrFail({ id: row.id }))).bio).toBe(bio);
    });

    it('reverting every migration drops the tables; running them again restores them', async () => {
      const before = await tables(ds);
      const count = tablesPhase00to03.length + 2; // + tenant isolation (0099) and tenants (0100), between 0007 and 0101
      // The earlier cases filled the tables: a revert refuses that unless allowed.
      await allowingDropWithRows(async () => {
        for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
      });
      expect(await tables(ds)).toEqual(['migrations', 'typeorm_metadata']);
      await ds.runMigrations({ transaction: 'each' });
      expect(await tables(ds)).toEqual(before);
      expect(await ds.getRepository(Country).count()).toBeGreaterThanOrEqual(249);
    });
  },
);

describeEachDatabase('ISO seeds without the entities loaded', { migrations: [countries, languages].map(tableMigration) }, (db) => {
  it('insert the same rows by column name', async () => {
    const ds = db().dataSource;
    const [ch] = await ds.query(`SELECT alpha3, ${ds.driver.escape('numeric')} AS num, name FROM countries WHERE alpha2 = 'CH'`);
    expect(ch).toEqual({ alpha3: 'CHE', num: '756', name: 'Switzerland' });
    const [de] = await ds.query(`SELECT part2b, endonym FROM languages WHERE code = 'de'`);
    expect(de).toEqual({ part2b: 'ger', endonym: 'Deutsch' });
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM countries');
    expect(Number(n)).toBe((countries.seed as NonNullable<TableDefinition['seed']>)().length);
  });
});
