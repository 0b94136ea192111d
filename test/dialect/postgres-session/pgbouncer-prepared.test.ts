import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openAppRoleScratch, POOLERS, type AppRoleScratch } from '../../support/app-role';
import { errorKinds } from '../../support/error-kinds';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { runInterleaved, seedInterleaved, type InterleavedOutcome } from '../../support/interleaved-requests';
import { pgbouncerAvailable, pgbouncerTracksPreparedStatements, pgbouncerVersion, startPgBouncer, type PgBouncer } from '../../support/pgbouncer';
import { isAvailable, TARGETS } from '../../support/targets';
import { countPrepares, countSettingsPrepares } from '../../support/wire';

/**
 * `preparedStatements: true` behind PgBouncer in transaction mode (3 server sessions handed out in
 * turn to an application pool of 8, as the pooler suites run it): with PgBouncer >= 1.21 and
 * `max_prepared_statements` > 0 the pooler prepares each name on whichever server session runs it,
 * so the interleaved run (its transactions' reads parameterized too) has no foreign rows, no wrong
 * results, no errors, and the statements really are prepared: parsed once per application connection
 * by the client, at most once per server session by PgBouncer, and held on each server session under
 * PgBouncer's own names. Without that tracking (PgBouncer < 1.21, or `max_prepared_statements = 0`)
 * the same run fails with 26000/42P05 and still shows nobody another tenant's rows.
 *
 * The tracking suite needs a PgBouncer >= 1.21 (CI has Debian's 1.18): TENANCY_PGBOUNCER_BIN=/path/to/pgbouncer.
 */

const server = TARGETS.find((t) => t.name === 'postgres')!;
const available = isAvailable(server) && pgbouncerAvailable();
const tracking = available && pgbouncerTracksPreparedStatements();
const version = available ? (pgbouncerVersion()?.join('.') ?? 'unknown') : 'none';
const REQUESTS = 5000;
const MAX_PREPARED = 100;
const { poolSize, appPoolSize } = POOLERS['pgbouncer-transaction'];
/** The one parameterized text of the run (reads outside and, here, inside transactions). */
const PARAMETERIZED = 'SELECT tenant_id FROM notes WHERE title <> $1';
/** Requests of the run that execute {@link PARAMETERIZED}: i % 4 is 1 (a read) or 3 (a transaction). */
const parameterized = Array.from({ length: REQUESTS }, (_, i) => i % 4).filter((k) => k === 1 || k === 3).length;

type Setup = { db: AppRoleScratch & { close(): Promise<void> }; bouncer: PgBouncer; ds: DataSource; tenants: string[]; database: string };

/** A scratch database, its tenants seeded by the owner, and a preparing application DataSource through a fresh PgBouncer. */
async function throughPgBouncer(maxPreparedStatements: number): Promise<Setup> {
  const db = await openAppRoleScratch(server, { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] });
  const database = new URL(db.url).pathname.slice(1);
  const tenants = await seedInterleaved(db.owner!, 'pgbp-');
  const bouncer = await startPgBouncer({ mode: 'transaction', poolSize, roundRobin: true, maxPreparedStatements, serverUrl: server.url });
  await bouncer.fill(db.role, database); // every server session exists: round robin spreads them all
  const ds = await db.open({
    tenancy: { rowLevelSecurity: { systemKey: db.systemKey, preparedStatements: true } },
    extra: { host: bouncer.host, port: bouncer.port, extra: { max: appPoolSize } },
  });
  return { db, bouncer, ds, tenants, database };
}

async function tearDown(setup: Setup | undefined): Promise<void> {
  if (!setup) return;
  if (setup.ds.isInitialized) await setup.ds.destroy();
  await setup.bouncer.stop();
  await setup.db.close();
}

/** PgBouncer's totals for `database` (SHOW STATS on its admin console). */
async function stats(bouncer: PgBouncer, database: string): Promise<{ clientParses: number; serverParses: number; binds: number }> {
  const admin = new Client({ connectionString: bouncer.url('postgres', 'pgbouncer') });
  await admin.connect();
  try {
    const row = (await admin.query('SHOW STATS')).rows.find((r: { database: string }) => r.database === database);
    return { clientParses: Number(row.total_client_parse_count), serverParses: Number(row.total_server_parse_count), binds: Number(row.total_bind_count) };
  } finally {
    await admin.end();
  }
}

/** What each server session of the pool holds in pg_prepared_statements: one client per session, all in a transaction at once. */
async function preparedOnServerSessions(setup: Setup): Promise<Array<{ pid: number; names: string[]; statements: string[] }>> {
  const clients = Array.from({ length: poolSize }, () => new Client({ connectionString: setup.bouncer.url(setup.db.role, setup.database) }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await Promise.all(clients.map((c) => c.query('BEGIN')));
    const sql = `SELECT pg_backend_pid() AS pid, coalesce(array_agg(name), '{}') AS names, coalesce(array_agg(statement), '{}') AS statements FROM pg_prepared_statements`;
    const rows = await Promise.all(clients.map(async (c) => (await c.query(sql)).rows[0]));
    await Promise.all(clients.map((c) => c.query('COMMIT')));
    return rows.sort((a, b) => a.pid - b.pid);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

const summary = (o: InterleavedOutcome) => ({ foreign: o.foreign.length, wrong: o.wrong.length, errors: errorKinds(o.errors) });

(tracking ? describe : describe.skip)(
  tracking
    ? `prepared statements through PgBouncer ${version} (transaction mode, pool ${poolSize}, round robin, max_prepared_statements = ${MAX_PREPARED})`
    : 'prepared statements through PgBouncer >= 1.21 (not configured: set TENANCY_PGBOUNCER_BIN to a PgBouncer >= 1.21)',
  () => {
    let setup: Setup | undefined;
    beforeAll(async () => {
      setup = await throughPgBouncer(MAX_PREPARED);
    }, 120_000);
    afterAll(() => tearDown(setup), 60_000);

    it(`${REQUESTS} interleaved requests, parameterized also inside transactions: no foreign rows, no wrong results, no errors; the statements are prepared`, async () => {
      const { ds, tenants, bouncer, database } = setup!;
      const parses = countPrepares(ds);
      const settingsParses = countSettingsPrepares(ds);
      const before = await stats(bouncer, database);
      const outcome = await runInterleaved(ds, tenants, REQUESTS, { paramsInTransactions: true });
      expect(summary(outcome)).toEqual({ foreign: 0, wrong: 0, errors: [] });

      // The client names the one parameterized text once per application connection, never again (no 26000 recovery),
      // and the settings statement's two texts (with a role; without one, for no tenant) at most once each …
      expect(parses()).toBeGreaterThan(0);
      expect(parses()).toBeLessThanOrEqual(appPoolSize);
      expect(settingsParses()).toBeGreaterThan(0);
      expect(settingsParses()).toBeLessThanOrEqual(2 * appPoolSize);
      // … PgBouncer binds every execution to a statement it parsed at most once per server session …
      const after = await stats(bouncer, database);
      const ps = { clientParses: after.clientParses - before.clientParses, serverParses: after.serverParses - before.serverParses, binds: after.binds - before.binds };
      expect(ps.clientParses).toBe(parses() + settingsParses());
      expect(ps.serverParses).toBeGreaterThan(0);
      expect(ps.serverParses).toBeLessThanOrEqual(3 * poolSize);
      expect(ps.binds).toBeGreaterThanOrEqual(parameterized);
      // … and every server session holds it, under PgBouncer's name for it.
      const sessions = await preparedOnServerSessions(setup!);
      expect(new Set(sessions.map((s) => s.pid)).size).toBe(poolSize);
      for (const s of sessions) {
        expect(s.statements).toContain(PARAMETERIZED);
        expect(s.names.every((n) => /^PGBOUNCER_/.test(n))).toBe(true);
      }
      process.stdout.write(`pgbouncer-prepared: PgBouncer ${version}: ${REQUESTS} requests, ${JSON.stringify(summary(outcome))}, client Parses ${parses()} + ${settingsParses()} of the settings, PgBouncer ${JSON.stringify(ps)}\n`);
    }, 120_000);
  },
);

(available ? describe : describe.skip)(
  `control: prepared statements through PgBouncer ${version} without prepared-statement tracking (transaction mode, max_prepared_statements = 0 or < 1.21)`,
  () => {
    let setup: Setup | undefined;
    beforeAll(async () => {
      setup = await throughPgBouncer(0);
    }, 120_000);
    afterAll(() => tearDown(setup), 60_000);

    it(`the same ${REQUESTS} requests fail with 26000 (or 42P05) instead, and none sees another tenant's rows`, async () => {
      const { ds, tenants } = setup!;
      const parses = countPrepares(ds);
      const settingsParses = countSettingsPrepares(ds);
      const outcome = await runInterleaved(ds, tenants, REQUESTS, { paramsInTransactions: true });
      const codes = new Set((outcome.errors as Array<{ code?: string }>).map((e) => e?.code));
      expect({ foreign: outcome.foreign, wrong: outcome.wrong }).toEqual({ foreign: [], wrong: [] });
      expect(outcome.errors.length).toBeGreaterThan(0);
      expect([...codes].filter((c) => c !== '26000' && c !== '42P05')).toEqual([]);
      process.stdout.write(`pgbouncer-prepared control: PgBouncer ${version}: ${REQUESTS} requests, ${JSON.stringify(summary(outcome))}, client Parses ${parses()} + ${settingsParses()} of the settings\n`);
    }, 120_000);
  },
);
