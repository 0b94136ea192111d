import type { DataSource, QueryRunner } from 'typeorm';
import { withTenant, withoutTenantScope } from '../../../src/tenancy/with-tenant';
import { describeEachAppRole } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenantNotes } from '../../support/tenants';

/**
 * The session layer's bookkeeping against the real server, driven by random (seeded, so
 * reproducible) sequences of transaction control, savepoints, failing statements, texts that merely
 * mention a rollback, and reads from changing tenants, all on one connection. The property: every
 * read that succeeds sees only its own tenant's rows, and none without a tenant. A failure names
 * the seed and the steps that led to it.
 */

type Row = { tenant_id: string };
const SEEDS = Array.from({ length: 16 }, (_, i) => i + 1);
const STEPS = 400;

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeEachAppRole('row-level security: random statement sequences on one connection', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let tenants: string[];

  let prepared: DataSource;
  let unprepared: DataSource;

  beforeAll(async () => {
    // Seeded by the owner where there is one (directly, never through a pooler under test).
    tenants = await seedTenantNotes(db().owner ?? db().app, ['seq-a', 'seq-b', 'seq-c'], ['x', 'y']);
    // One pooled connection each: statements prepared per connection (the default), and not.
    prepared = await db().open({ tenancy: { rowLevelSecurity: { systemKey: db().systemKey, preparedStatements: true } } });
    unprepared = await db().open({ tenancy: { rowLevelSecurity: { systemKey: db().systemKey, preparedStatements: false } } });
  });

  it.each(SEEDS.flatMap((seed) => [[seed, 'unprepared'] as const, [seed, 'prepared'] as const]))('seed %i, %s: every read sees only its own tenant', async (seed, mode) => {
    ds = mode === 'prepared' ? prepared : unprepared;
    const next = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const runner: QueryRunner = ds.createQueryRunner();
    const log: string[] = [];
    let inTransaction = false;
    let savepoints = 0;
    /** Runs `sql` under `tenant` (undefined: no tenant); errors are part of the game. */
    const run = async (tenant: string | undefined, sql: string, values?: unknown[]): Promise<{ rows?: unknown; error?: unknown }> => {
      log.push(`${tenant ? tenants.indexOf(tenant) : '-'}: ${sql}`);
      const call = () => runner.query(sql, values);
      return (tenant ? withTenant(tenant, call) : call()).then(
        (rows: unknown) => ({ rows }),
        (error: unknown) => ({ error }),
      );
    };
    /** A read through `stream()` (a submittable: the settings go as a round trip of their own). */
    const streamed = async (tenant: string | undefined): Promise<{ rows?: unknown; error?: unknown }> => {
      log.push(`${tenant ? tenants.indexOf(tenant) : '-'}: stream SELECT tenant_id FROM notes`);
      const read = async () => {
        const rows: Row[] = [];
        for await (const row of (await runner.stream('SELECT tenant_id FROM notes')) as AsyncIterable<Row>) rows.push(row);
        return rows;
      };
      return (tenant ? withTenant(tenant, read) : read()).then(
        (rows) => ({ rows }),
        (error: unknown) => ({ error }),
      );
    };
    try {
      let tenant: string | undefined = tenants[0];
      for (let step = 0; step < STEPS; step++) {
        // Requests change tenant now and then; most statements stay with the current one.
        if (next() < 0.3) tenant = next() < 0.2 ? undefined : pick(tenants);
        const kind = pick(['read', 'read', 'read', 'begin', 'begin', 'end', 'end', 'savepoint', 'fail', 'fail', 'word', 'word', 'system', 'raw', 'several'] as const);
        if (kind === 'begin' && !inTransaction) {
          await run(tenant, pick(['BEGIN', 'START TRANSACTION']));
          inTransaction = true;
          savepoints = 0;
        } else if (kind === 'end' && inTransaction) {
          const sql = pick(['COMMIT', 'ROLLBACK', 'COMMIT AND CHAIN', 'ROLLBACK AND CHAIN', '/* done */ ROLLBACK', 'ABORT', 'END']);
          await run(tenant, sql);
          inTransaction = /chain/i.test(sql);
          savepoints = 0;
        } else if (kind === 'savepoint' && inTransaction) {
          const sql = savepoints > 0 ? pick(['SAVEPOINT s', 'ROLLBACK TO SAVEPOINT s', 'RELEASE SAVEPOINT s']) : 'SAVEPOINT s';
          const { error } = await run(tenant, sql);
          if (!error) savepoints += sql.startsWith('SAVEPOINT') ? 1 : sql.startsWith('RELEASE') ? -1 : 0;
        } else if (kind === 'fail') {
          await run(tenant, pick(['SELECT 1/0', 'SELECT 1/($1::int - 1)']), [1].slice(0, next() < 0.5 ? 0 : 1));
        } else if (kind === 'word') {
          await run(tenant, pick([`SELECT 'rollback' AS w`, 'SELECT $1::text AS w -- no abort here', `SELECT 'end' AS w`]), next() < 0.5 ? undefined : ['x']);
        } else if (kind === 'system') {
          // withoutTenantScope with the system key: every tenant's rows (or an error in an aborted transaction).
          log.push('system: SELECT tenant_id FROM notes');
          const rows = await withoutTenantScope(() => runner.query('SELECT DISTINCT tenant_id FROM notes')).catch(() => null);
          if (rows && (rows as Row[]).length !== tenants.length) throw new Error(`seed ${seed}, step ${step}: system read saw ${(rows as Row[]).length} tenants\n${log.join('\n')}`);
        } else if (kind === 'raw') {
          // SQL that changes the settings behind the layer's back, as a stray statement might.
          const other = pick(tenants);
          const sql = pick([`SET LOCAL app.tenant_id = '${other}'`, `SELECT set_config('app.tenant_id', '${other}', false)`, 'RESET app.tenant_id', `SET app.tenant_id = '${other}'`]);
          await run(tenant, sql);
        } else if (kind === 'several') {
          const sql = pick(['SELECT 1; SELECT 2', 'COMMIT; BEGIN', 'BEGIN; SELECT 1', 'ROLLBACK; SELECT 1', 'SELECT 1; COMMIT']);
          await run(tenant, sql);
          if (/begin\s*$/i.test(sql) || /^begin/i.test(sql)) inTransaction = true;
          else if (/^(commit|rollback)|commit$/i.test(sql)) inTransaction = false;
        } else {
          const how = pick(['parameterized', 'simple', 'stream'] as const);
          const { rows, error } =
            how === 'stream'
              ? await streamed(tenant)
              : await run(tenant, how === 'parameterized' ? 'SELECT tenant_id FROM notes WHERE $1 = 1' : 'SELECT tenant_id FROM notes', how === 'parameterized' ? [1] : undefined);
          if (error) continue; // e.g. inside an aborted transaction
          const seen = [...new Set((rows as Row[]).map((r) => r.tenant_id))];
          if (JSON.stringify(seen) !== JSON.stringify(tenant ? [tenant] : [])) {
            throw new Error(`seed ${seed}, step ${step}: saw ${JSON.stringify(seen.map((t) => tenants.indexOf(t)))}\n${log.join('\n')}`);
          }
        }
      }
    } finally {
      if (inTransaction) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  });
});
