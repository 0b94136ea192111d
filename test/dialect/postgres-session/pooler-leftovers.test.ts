import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { SYSTEM_KEY_SETTING, TENANT_ROLE, TENANT_SETTING } from '../../../src/dialect/postgres-rls';
import { withoutTenantScope, withTenant } from '../../../src/tenancy/with-tenant';
import { APP_ROLE_VARIANTS, openAppRoleScratch, variantName, type AppRoleScratch } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { pgbouncerAvailable } from '../../support/pgbouncer';
import { isAvailable } from '../../support/targets';
import { seedTenantNotes } from '../../support/tenants';
import { errorKinds } from '../../support/error-kinds';

/**
 * What tenant requests leave behind on the server sessions of a pooler. PgBouncer hands a server
 * session to whichever client comes next (in transaction mode after every transaction), so a
 * setting that outlives its transaction reaches other clients, other DataSources, other processes.
 * The probe: a fresh plain `pg` client, as the application role without any tenancy, on every
 * server session of the pool at once, must see no tenant and no system key in the settings and no
 * rows in the tenant tables. The last tests are the harness's own control: the transaction-local
 * pattern leaks nothing through the same pool, the session-level one does.
 */

const TENANTS = 4;
const REQUESTS = 300;
const exec = promisify(execFile);

type Probe = { pid: number; tenant: string | null; key: string | null; notes: number; tenants: number };
const dirty = (p: Probe) => (p.tenant ?? '') !== '' || (p.key ?? '') !== '' || p.notes !== 0 || p.tenants !== 0;

/**
 * Opens `count` plain clients on `url` at once, each holding a transaction until all have read, so
 * no two share a server session: with `count` = the pool size, every server session is read.
 */
async function probeSessions(url: string, count: number): Promise<Probe[]> {
  const clients = Array.from({ length: count }, () => new Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const probes = await Promise.all(
      clients.map(async (c) => {
        await c.query('BEGIN');
        const { rows } = await c.query(
          `SELECT pg_backend_pid() AS pid, current_setting('${TENANT_SETTING}', true) AS tenant, current_setting('${SYSTEM_KEY_SETTING}', true) AS key, ` +
            `(SELECT count(*)::int FROM notes) AS notes, (SELECT count(*)::int FROM tenants) AS tenants`,
        );
        return rows[0] as Probe;
      }),
    );
    await Promise.all(clients.map((c) => c.query('COMMIT')));
    return probes;
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

/** RESET ALL on every server session (each of `count` clients holds a transaction until all have reset). */
async function resetSessions(url: string, count: number): Promise<void> {
  const clients = Array.from({ length: count }, () => new Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await Promise.all(clients.map((c) => c.query('BEGIN; RESET ALL')));
    await Promise.all(clients.map((c) => c.query('COMMIT')));
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

async function streamed(ds: DataSource, sql: string): Promise<unknown[]> {
  const runner = ds.createQueryRunner();
  try {
    const rows: unknown[] = [];
    for await (const row of (await runner.stream(sql)) as Readable) rows.push(row);
    return rows;
  } finally {
    await runner.release();
  }
}


/** Mixed tenant requests and system work, all at once; resolves with how many succeeded and why others failed. */
async function batch(ds: DataSource, tenants: string[], requests = REQUESTS): Promise<{ ok: number; failed: number; errors: string[] }> {
  const outcomes = await Promise.allSettled(
    Array.from({ length: requests }, (_, i) => {
      const tenant = tenants[i % tenants.length];
      switch (i % 6) {
        case 0:
          return withTenant(tenant, () => ds.getRepository(Note).find());
        case 1:
          return withTenant(tenant, () => ds.query('SELECT tenant_id FROM notes'));
        case 2:
          return withTenant(tenant, () => ds.transaction((m) => m.getRepository(Note).insert({ title: `batch ${i}` })));
        case 3:
          return withTenant(tenant, () => ds.getRepository(Note).insert({ title: `batch ${i}` }));
        case 4:
          return withoutTenantScope(() => ds.query('SELECT count(*) FROM notes'));
        default:
          return withTenant(tenant, () => streamed(ds, 'SELECT tenant_id FROM notes'));
      }
    }),
  );
  const failed = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
  return { ok: outcomes.length - failed.length, failed: failed.length, errors: errorKinds(failed.map((f) => f.reason)) };
}

for (const variant of APP_ROLE_VARIANTS.filter((v) => v.via)) {
  const suite = isAvailable(variant.target) && pgbouncerAvailable() ? describe : describe.skip;
  const transactionMode = variant.via === 'pgbouncer-transaction';

  suite(`pooler leftovers [${variantName(variant)}, application role]`, () => {
    let db: AppRoleScratch & { close(): Promise<void> };
    let tenants: string[];
    /** Every server session of the application role's pool, read by fresh clients. */
    const probe = () => probeSessions(db.url, db.pooler!.poolSize);

    beforeAll(async () => {
      db = await openAppRoleScratch(variant.target, { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, variant.via);
      // Seeded by the owner, directly: the pooler is what is under test.
      tenants = await seedTenantNotes(db.owner!, Array.from({ length: TENANTS }, (_, i) => `left-${i}`), ['x', 'y']);
      // Each test opens what it needs; in session mode an idle app connection would hold a server session.
      await db.app.destroy();
    });
    // Whatever a test (or the code under test) left behind, the next one starts from clean sessions.
    beforeEach(() => resetSessions(db.url, db.pooler!.poolSize));
    afterAll(async () => {
      await db?.close();
    });

    it('before any request, fresh clients see clean server sessions (the probe itself)', async () => {
      const probes = await probe();
      expect(probes.filter(dirty)).toEqual([]);
      expect(new Set(probes.map((p) => p.pid)).size).toBe(db.pooler!.poolSize);
    });

    it(`after ${REQUESTS} requests of an application DataSource, a fresh client on every server session sees no tenant, no key and no rows`, async () => {
      const ds = await db.open();
      const outcome = await batch(ds, tenants);
      // In session mode a server session stays with its client until the client leaves.
      if (!transactionMode) await ds.destroy();
      const probes = await probe();
      if (transactionMode) await ds.destroy();
      expect(outcome.ok).toBeGreaterThan(0);
      expect({ dirty: probes.filter(dirty), batchErrors: outcome.errors }).toEqual({ dirty: [], batchErrors: [] });
      expect(new Set(probes.map((p) => p.pid)).size).toBe(db.pooler!.poolSize);
    });

    it('after another process ran tenant requests through the pooler and exited, this one (no tenant) reads no rows', async () => {
      const child = join(__dirname, 'pooler-leftovers-child.ts');
      const { stdout } = await exec(process.execPath, ['-r', 'ts-node/register/transpile-only', child], {
        cwd: join(__dirname, '../../..'),
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', POOLER_CHILD: JSON.stringify({ url: db.url, systemKey: db.systemKey, tenants, requests: REQUESTS }) },
        timeout: 120_000,
      });
      const outcome = JSON.parse(stdout.trim().split('\n').pop()!) as { ok: number; failed: number; errors: string[] };
      expect(outcome.ok).toBeGreaterThan(0);
      // The plain reads of a process without tenancy, through the same pooler.
      const reader = new Client({ connectionString: db.url });
      await reader.connect();
      const reads: number[] = [];
      try {
        for (let i = 0; i < 3 * db.pooler!.poolSize; i++) reads.push((await reader.query('SELECT tenant_id FROM notes')).rowCount ?? 0);
      } finally {
        await reader.end(); // in session mode it holds a server session the probe needs
      }
      expect({ reads: reads.filter((n) => n > 0), probes: (await probe()).filter(dirty), childErrors: outcome.errors }).toEqual({ reads: [], probes: [], childErrors: [] });
    }, 180_000);

    if (!transactionMode) return;

    /**
     * 12 plain clients (workers) through the transaction pooler, each request a transaction of its own
     * tenant; between requests each worker also reads outside any transaction, with no tenant.
     * `local` picks set_config(…, true) inside BEGIN … COMMIT, or set_config(…, false) on its own.
     */
    async function workers(local: boolean, requests = 360, concurrency = 12): Promise<{ foreignRows: number; missedOwn: number; untenantedRows: number }> {
      const clients = Array.from({ length: concurrency }, () => new Client({ connectionString: db.url }));
      const counts = { foreignRows: 0, missedOwn: 0, untenantedRows: 0 };
      await Promise.all(clients.map((c) => c.connect()));
      let next = 0;
      try {
        await Promise.all(
          clients.map(async (c) => {
            for (let i = next++; i < requests; i = next++) {
              const tenant = tenants[i % TENANTS];
              if (local) {
                await c.query('BEGIN');
                await c.query(`SELECT set_config('role', '${TENANT_ROLE}', true), set_config('${TENANT_SETTING}', $1, true)`, [tenant]);
              } else {
                await c.query(`SELECT set_config('role', '${TENANT_ROLE}', false), set_config('${TENANT_SETTING}', $1, false)`, [tenant]);
              }
              const { rows } = await c.query<{ tenant_id: string }>('SELECT tenant_id FROM notes');
              if (local) await c.query('COMMIT');
              counts.foreignRows += rows.filter((r) => r.tenant_id !== tenant).length;
              if (!rows.some((r) => r.tenant_id === tenant)) counts.missedOwn++;
              if (local) counts.untenantedRows += (await c.query('SELECT tenant_id FROM notes')).rowCount ?? 0;
            }
          }),
        );
      } finally {
        await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      }
      return counts;
    }

    it('control: the transaction-local pattern from 12 workers leaks nothing through the same pool', async () => {
      expect(await workers(true)).toEqual({ foreignRows: 0, missedOwn: 0, untenantedRows: 0 });
      expect((await probe()).filter(dirty)).toEqual([]);
    });

    it('control: the session-level pattern from 12 workers does leak through it (the harness can tell)', async () => {
      const counts = await workers(false);
      expect(counts.foreignRows).toBeGreaterThan(0);
      expect(counts.missedOwn).toBeGreaterThan(0);
      expect((await probe()).filter(dirty).length).toBeGreaterThan(0);
    });
  });
}
