import { QueryFailedError, type DataSource, type ObjectLiteral } from 'typeorm';
import { dialectOf } from '../../src/dialect/dialect-of';
import { tableMigration } from '../../src/migrations/schema/table-migration';
import { tablesPhase00to03 } from '../../src/schema/tables/phase-00-03';
import { tablesPhase04to09 } from '../../src/schema/tables/phase-04-09';
import { entitiesPhase00to03 } from '../../src/entities/schema-entities-00-03';
import {
  entitiesPhase04to09,
  CommunicationLog,
  DisplayScreen,
  Notification,
  Poll,
  PollOption,
  PollVote,
  Question,
} from '../../src/entities/schema-entities-04-09';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid';
import { allowingDropWithRows } from '../support/allow-drop-with-rows';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, seedTenants } from '../support/tenants';

/** Parent rows of phases 01xx-03xx, inserted with raw SQL (column names, not entity properties). */
const PARENTS: Array<{ table: string; row: (ids: Ids) => ObjectLiteral }> = [
  { table: 'users', row: () => ({ email: `u${uuidv7().slice(-12)}@example.com`, name: 'Ada' }) },
  { table: 'venues', row: () => ({ name: 'Kongresshaus' }) },
  { table: 'conferences', row: () => ({ title: 'NodeConf', slug: `c-${uuidv7().slice(-12)}`, start_date: '2027-05-01', end_date: '2027-05-02' }) },
  {
    table: 'sessions',
    row: (ids) => ({ conference_id: ids.conferences, title: 'Keynote', start_time: '2027-05-01 09:00:00', end_time: '2027-05-01 10:00:00' }),
  },
  { table: 'participants', row: (ids) => ({ conference_id: ids.conferences, email: `p${uuidv7().slice(-12)}@example.com`, name: 'Grace' }) },
];

/** Id of one row per table, of one tenant. */
type Ids = Record<string, string>;

let unique = 0;
const next = () => `${++unique}-${uuidv7().slice(-8)}`;
const when = new Date('2027-05-01T09:30:00.123Z');

/**
 * One valid row per table of phases 04-09 (entity property names), pointing at `ids` of one tenant.
 * Values that take part in a unique key differ on every call.
 */
const ROWS: Record<string, (ids: Ids) => ObjectLiteral> = {
  questions: (ids) => ({ sessionId: ids.sessions, participantId: ids.participants, body: 'Does it scale?', status: 'approved', upvotes: 3, isAnonymous: true, answeredAt: when }),
  polls: (ids) => ({ conferenceId: ids.conferences, sessionId: ids.sessions, title: 'Tabs or spaces?', description: 'Settle it', status: 'open', allowsMultiple: true, opensAt: when }),
  poll_options: (ids) => ({ pollId: ids.polls, label: 'Tabs', orderIndex: 1 }),
  poll_votes: (ids) => ({ pollId: ids.polls, pollOptionId: ids.poll_options, participantId: ids.participants }),
  surveys: (ids) => ({ conferenceId: ids.conferences, title: 'How was it?', isAnonymous: true, status: 'open' }),
  survey_questions: (ids) => ({ surveyId: ids.surveys, type: 'multi_choice', prompt: 'Which days?', options: ['mon', 'tue'], isRequired: true }),
  survey_responses: (ids) => ({ surveyId: ids.surveys, surveyQuestionId: ids.survey_questions, participantId: ids.participants, answer: ['mon'] }),
  documents: (ids) => ({
    conferenceId: ids.conferences,
    sessionId: ids.sessions,
    title: 'Slides',
    fileUrl: 'https://cdn.example.com/slides.pdf',
    mimeType: 'application/pdf',
    sizeBytes: '5000000000',
    visibility: 'public',
  }),
  notifications: (ids) => ({ userId: ids.users, participantId: ids.participants, channel: 'in_app', title: 'Welcome', body: 'Hello!', data: { link: '/home' } }),
  notification_configurations: (ids) => ({ conferenceId: ids.conferences, event: `session.starting.${next()}`, channel: 'push', isEnabled: true, template: { en: 'Starts soon' } }),
  communication_logs: (ids) => ({ notificationId: ids.notifications, recipient: 'ada@example.com', channel: 'email', provider: 'ses', status: 'delivered' }),
  media: (ids) => ({ conferenceId: ids.conferences, title: 'Keynote video', url: 'https://cdn.example.com/k.mp4', type: 'video', sizeBytes: '42', metadata: { seconds: 3600 } }),
  display_screens: (ids) => ({ conferenceId: ids.conferences, venueId: ids.venues, name: 'Hall A', resolution: '1920x1080', status: 'online', lastSeenAt: when }),
  display_timers: (ids) => ({ displayScreenId: ids.display_screens, sessionId: ids.sessions, label: 'Talk', durationSeconds: 1800, status: 'running', startedAt: when }),
  screen_layouts: (ids) => ({ displayScreenId: ids.display_screens, name: 'Default', layout: { zones: [{ widget: 'clock' }] }, isActive: true }),
  participant_activity_logs: (ids) => ({ conferenceId: ids.conferences, participantId: ids.participants, sessionId: ids.sessions, action: 'session.check_in', metadata: { device: 'ios' } }),
  performance_metrics: (ids) => ({ conferenceId: ids.conferences, metric: 'stream.latency', value: '812.5000', unit: 'ms', dimensions: { room: 'A' } }),
  report_schedules: (ids) => ({ conferenceId: ids.conferences, name: 'Daily', reportType: 'attendance_summary', cron: '0 7 * * *', recipients: ['ops@example.com'], format: 'csv' }),
  games: (ids) => ({ conferenceId: ids.conferences, title: 'Booth hunt', description: 'Find them all', type: 'scavenger_hunt', rules: { stamps: 10 } }),
  game_scores: (ids) => ({ gameId: ids.games, participantId: ids.participants, score: 120, rank: 1 }),
  virtual_exhibitions: (ids) => ({ conferenceId: ids.conferences, title: 'Sponsor hall', status: 'open' }),
  exhibition_booths: (ids) => ({ virtualExhibitionId: ids.virtual_exhibitions, sponsorName: 'Acme', title: 'Acme Cloud', boothUrl: 'https://acme.example.com', tier: 'gold', position: 2 }),
  achievements: (ids) => ({ conferenceId: ids.conferences, participantId: ids.participants, code: `early_bird_${next()}`, title: 'Early bird', points: 10 }),
  api_tokens: (ids) => ({ userId: ids.users, name: 'CI', tokenHash: `${next()}`.padEnd(64, '0'), abilities: ['conferences:read'] }),
  rate_limits: () => ({ key: `login:${next()}`, hits: 1, windowSeconds: 60 }),
  audit_logs: (ids) => ({
    userId: ids.users,
    action: 'update',
    entityType: 'conferences',
    entityId: ids.conferences,
    oldValues: { title: 'Old' },
    newValues: { title: 'New' },
    ipAddress: '2001:db8::1',
    userAgent: 'jest',
  }),
  policy_configurations: () => ({ name: `Strong passwords ${next()}`, policyType: 'password', rules: { minLength: 12 }, isActive: true, priority: 1 }),
};

const MY_TABLES = tablesPhase04to09.map((t) => t.name);

/** Inserts one row into `table` with raw SQL, bypassing the library. */
async function insertRaw(ds: DataSource, table: string, row: ObjectLiteral): Promise<void> {
  const columns = Object.keys(row);
  const pg = ds.driver.options.type === 'postgres';
  const params = columns.map((_c, i) => (pg ? `$${i + 1}` : '?'));
  const q = dialectOf(ds).quote;
  await ds.query(`INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES (${params.join(', ')})`, Object.values(row));
}

/** What a tenant's seed saved: ids per table, and the values given for each table of phases 04-09. */
interface Seeded {
  ids: Ids;
  rows: Record<string, ObjectLiteral>;
}

/** Parents (raw SQL) and one row of every table of phases 04-09 (repositories) for `tenantId`. */
async function seedTenant(ds: DataSource, tenantId: string): Promise<Seeded> {
  const ids: Ids = {};
  const rows: Record<string, ObjectLiteral> = {};
  await withoutTenantScope(async () => {
    for (const parent of PARENTS) {
      ids[parent.table] = uuidv7();
      await insertRaw(ds, parent.table, { id: ids[parent.table], tenant_id: tenantId, ...parent.row(ids) });
    }
  });
  await withTenant(tenantId, async () => {
    for (const table of MY_TABLES) {
      rows[table] = ROWS[table](ids);
      // save() writes id and tenant into the object it is given: hand it a copy.
      ids[table] = (await ds.getRepository(table).save({ ...rows[table] })).id;
    }
  });
  return { ids, rows };
}

const tables = async (ds: DataSource): Promise<string[]> =>
  (
    await ds.query(
      ds.driver.options.type === 'postgres'
        ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`
        : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`,
    )
  ).map((r: { name: string }) => r.name);

/** Key columns of index `name` on `table`, in key order. */
async function indexColumns(ds: DataSource, table: string, name: string): Promise<string[]> {
  const rows: Array<{ column: string }> =
    ds.driver.options.type === 'postgres'
      ? await ds.query(
          `SELECT a.attname AS "column"
             FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_class t ON t.oid = i.indrelid
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE t.relname = $1 AND c.relname = $2
            ORDER BY k.n`,
          [table, name],
        )
      : await ds.query(
          `SELECT column_name AS \`column\` FROM information_schema.statistics
            WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ? ORDER BY seq_in_index`,
          [table, name],
        );
  return rows.map((r) => r.column);
}

/** Proves the database itself refused `fn` as a broken reference (not the library, not a unique key). */
async function expectReferenceRefused(ds: DataSource, table: string, fn: () => Promise<unknown>): Promise<void> {
  const before = await countRows(ds, table);
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QueryFailedError);
  const driverError = (error as QueryFailedError & { driverError: { code?: string; errno?: number } }).driverError;
  if (ds.driver.options.type === 'postgres') expect(driverError.code).toBe('23503');
  // 1452: composite foreign key; 1644: SIGNAL from the optional-reference trigger (SQLSTATE 23000).
  else expect([1452, 1644]).toContain(driverError.errno);
  expect(await countRows(ds, table)).toBe(before);
}

describeEachDatabase(
  'schema phases 04-09',
  { entities: [...entitiesPhase00to03, ...entitiesPhase04to09], migrations: [...tablesPhase00to03, ...tablesPhase04to09].map(tableMigration) },
  (db) => {
    let a: Ids;
    let b: Ids;
    let rowsOfA: Record<string, ObjectLiteral>;
    let tenantA: string;
    let tenantB: string;

    beforeAll(async () => {
      const ds = db().dataSource;
      [tenantA, tenantB] = await seedTenants(ds, 'phase-a', 'phase-b');
      ({ ids: a, rows: rowsOfA } = await seedTenant(ds, tenantA));
      ({ ids: b } = await seedTenant(ds, tenantB));
    });

    it('the migrations create every table of phases 04-09', async () => {
      expect(await tables(db().dataSource)).toEqual(expect.arrayContaining(MY_TABLES));
      expect(entitiesPhase04to09.map((e) => db().dataSource.getMetadata(e).tableName)).toEqual(MY_TABLES);
    });

    it.each(MY_TABLES)('%s: a row saved inside withTenant reads back with its values and tenant', async (table) => {
      const ds = db().dataSource;
      const repo = ds.getRepository(table);
      // Columns with select: false (api_tokens.token_hash) are read explicitly.
      const select = Object.fromEntries(repo.metadata.columns.map((c) => [c.propertyName, true]));
      const loaded = await withTenant(tenantA, () => repo.findOneOrFail({ where: { id: a[table] }, select }));
      expect(Object.fromEntries(Object.keys(rowsOfA[table]).map((p) => [p, loaded[p]]))).toEqual(rowsOfA[table]);
      expect(loaded.tenantId).toBe(tenantA);
      expect(await withTenant(tenantB, () => ds.getRepository(table).countBy({ id: a[table] }))).toBe(0);
    });

    it('defaults of the definitions apply (enum, boolean, int, instant)', async () => {
      const ds = db().dataSource;
      const row = await withTenant(tenantA, async () => {
        const { id } = await ds.getRepository(Question).save({ sessionId: a.sessions, body: 'Defaults?' });
        return ds.getRepository(Question).findOneByOrFail({ id });
      });
      expect([row.status, row.upvotes, row.isAnonymous, row.participantId, row.answeredAt]).toEqual(['pending', 0, false, null, null]);
      const log = await withTenant(tenantA, async () => {
        const { id } = await ds.getRepository('participant_activity_logs').save({ conferenceId: a.conferences, participantId: a.participants, action: 'x' });
        return ds.getRepository('participant_activity_logs').findOneByOrFail({ id });
      });
      expect(log.occurredAt).toBeInstanceOf(Date);
      expect(Math.abs(log.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('joins through required and optional references, to parents of phases 01-03 and 04-09', async () => {
      const ds = db().dataSource;
      await withTenant(tenantA, async () => {
        const question = await ds.getRepository(Question).findOneOrFail({ where: { id: a.questions }, relations: { session: true, participant: true } });
        expect([question.session?.id, question.participant?.id]).toEqual([a.sessions, a.participants]);
        const vote = await ds.getRepository(PollVote).findOneOrFail({ where: { id: a.poll_votes }, relations: { poll: { conference: true }, pollOption: true } });
        expect([vote.poll?.id, vote.poll?.conference?.id, vote.pollOption?.id]).toEqual([a.polls, a.conferences, a.poll_options]);
        const poll = await ds.getRepository(Poll).findOneOrFail({ where: { id: a.polls }, relations: { options: true } });
        expect(poll.options?.map((o: PollOption) => o.id)).toEqual([a.poll_options]);
        const screen = await ds.getRepository(DisplayScreen).findOneOrFail({ where: { id: a.display_screens }, relations: { venue: true, conference: true } });
        expect([screen.venue?.id, screen.conference?.id]).toEqual([a.venues, a.conferences]);
        const log = await ds
          .getRepository(CommunicationLog)
          .createQueryBuilder('log')
          .innerJoinAndSelect('log.notification', 'n')
          .innerJoinAndSelect('n.user', 'u')
          .where('log.id = :id', { id: a.communication_logs })
          .getOneOrFail();
        expect([log.notification?.id, log.notification?.user?.id]).toEqual([a.notifications, a.users]);
        // Through an optional reference that is NULL: a left join keeps the row.
        const { id } = await ds.getRepository(Notification).save({ channel: 'email', title: 'Nobody', body: 'x' });
        const lonely = await ds.getRepository(Notification).findOneOrFail({ where: { id }, relations: { user: true, participant: true } });
        expect([lonely.user, lonely.participant]).toEqual([null, null]);
      });
    });

    describe('a row pointing at another tenant\'s parent is refused by the database', () => {
      const cases = tablesPhase04to09.flatMap((t) => (t.references ?? []).map((r) => [t.name, r.column, r.table, r.nullable ? 'optional' : 'required'] as const));

      it('covers required and optional references', () => {
        expect(new Set(cases.map((c) => c[3]))).toEqual(new Set(['optional', 'required']));
      });

      it.each(cases)('%s.%s -> %s (%s), on insert', async (table, column, parent) => {
        const ds = db().dataSource;
        const property = ds.getMetadata(table).columns.find((c) => c.databaseName === column)!.propertyName;
        const row = { ...ROWS[table](a), [property]: b[parent] };
        await expectReferenceRefused(ds, table, () => withTenant(tenantA, () => ds.getRepository(table).insert(row)));
      });

      it.each(cases)('%s.%s -> %s (%s), on update', async (table, column, parent) => {
        const ds = db().dataSource;
        const property = ds.getMetadata(table).columns.find((c) => c.databaseName === column)!.propertyName;
        await expectReferenceRefused(ds, table, () => withTenant(tenantA, () => ds.getRepository(table).update({ id: a[table] }, { [property]: b[parent] })));
        const kept = await withTenant(tenantA, () => ds.getRepository(table).findOneByOrFail({ id: a[table] }));
        expect(kept[property]).toBe(a[parent]);
      });
    });

    it('participant_activity_logs has the 7 named indexes with their exact column order', async () => {
      const ds = db().dataSource;
      const d = dialectOf(ds);
      const expected: Record<string, string[]> = {
        idx_activity_conference_occurred: ['conference_id', 'occurred_at'],
        idx_activity_participant_occurred: ['participant_id', 'occurred_at'],
        idx_activity_session_occurred: ['session_id', 'occurred_at'],
        idx_activity_action: ['action'],
        idx_activity_occurred: ['occurred_at'],
        idx_activity_conference_created: ['conference_id', 'created_at'],
        idx_participant_activity: ['conference_id', 'participant_id', 'occurred_at'],
      };
      const actual: Record<string, string[]> = {};
      for (const name of Object.keys(expected)) actual[name] = await indexColumns(ds, 'participant_activity_logs', d.indexName('participant_activity_logs', name));
      expect(actual).toEqual(expected);
    });

    it('unique keys hold per tenant: a second vote for the same option is refused, the same vote in another tenant is not', async () => {
      const ds = db().dataSource;
      const vote = { pollId: a.polls, pollOptionId: a.poll_options, participantId: a.participants };
      await expect(withTenant(tenantA, () => ds.getRepository(PollVote).insert(vote))).rejects.toBeInstanceOf(QueryFailedError);
      // insert() stamps the tenant on the object it is given: a fresh object per call.
      const policy = () => ({ name: 'Same name', policyType: 'password', rules: {} });
      const policies = ds.getRepository('policy_configurations');
      await withTenant(tenantA, () => policies.insert(policy()));
      await withTenant(tenantB, () => policies.insert(policy()));
      await expect(withTenant(tenantA, () => policies.insert(policy()))).rejects.toBeInstanceOf(QueryFailedError);
      // Unique among live rows only: after a soft delete the name is free again.
      await withTenant(tenantA, () => policies.softDelete({ name: 'Same name' }));
      await withTenant(tenantA, () => policies.insert(policy()));
      expect(await withoutTenantScope(() => policies.count({ where: { name: 'Same name' }, withDeleted: true }))).toBe(3);
    });

    it('undoing every migration drops the tables of phases 04-09; running them again restores them', async () => {
      const ds = db().dataSource;
      const before = (await tables(ds)).sort();
      // The earlier cases filled the tables: a revert refuses that unless allowed.
      await allowingDropWithRows(async () => {
        for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      });
      const left = await tables(ds);
      expect(left.filter((t) => MY_TABLES.includes(t))).toEqual([]);
      expect([...left].sort()).toEqual(['migrations', 'typeorm_metadata']);
      await ds.runMigrations({ transaction: 'each' });
      expect((await tables(ds)).sort()).toEqual(before);
    });
  },
);
