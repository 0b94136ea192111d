import type { DataSource } from 'typeorm';
import { openAppRoleScratch } from '../test/support/app-role';
import { conformanceEntities, CreateConformanceTables1800000000100 } from '../test/support/conformance-fixtures';
import { TARGETS } from '../test/support/targets';
import { direct, inTenant, OPS_PER_ROUND, QUERIES, round, ROUNDS, seed, TASKS_PER_TENANT, TENANTS, tenantOf, type Fixture, type Wrap } from './scope.bench';
import { startLatencyProxy } from './latency-proxy';
import { median, type BenchSection } from './section';

const POOL = 10;
/** Extra latency of the simulated network, per round trip. */
const DELAY_MS = 1;
const REMOTE_ROUNDS = 5;

/**
 * The common alternative to a session-level setting: every operation in its own transaction with
 * `set_config(…, true)` (SET LOCAL), on plain TypeORM, relying on the policies alone.
 */
const transactionPerQuery =
  (ds: DataSource): Wrap =>
  (f: Fixture, i: number, call) =>
    ds.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [f.tenants[tenantOf(f, i)]]);
      return call(manager);
    });

interface Variant {
  name: string;
  ds: DataSource;
  wrap: Wrap;
}

type Db = Awaited<ReturnType<typeof openAppRoleScratch>>;

/** The four variants, connected to `port` (the server, or the latency proxy in front of it). */
async function variants(db: Db, port?: number): Promise<Variant[]> {
  const at = port ? { port } : {};
  const appPlain = await db.open({ tenancy: false, extra: { extra: { max: POOL }, ...at } });
  return [
    { name: 'plain', ds: await db.openOwner!({ entities: conformanceEntities, tenancy: false, extra: at }), wrap: direct },
    { name: 'scope', ds: await db.openOwner!({ entities: conformanceEntities, tenancy: { rowLevelSecurity: false }, extra: at }), wrap: inTenant },
    { name: 'scope + RLS', ds: await db.open({ extra: { extra: { max: POOL }, ...at } }), wrap: inTenant },
    { name: 'transaction + set_config', ds: appPlain, wrap: transactionPerQuery(appPlain) },
  ];
}

/** Table rows (and ratios) of every query × concurrency, variants interleaved round by round. */
async function measure(list: Variant[], fixture: Fixture, rounds: number, summary: { wall: number[]; transaction: number[] }): Promise<string[]> {
  const rows: string[] = [];
  for (const [name, op] of QUERIES) {
    for (const concurrency of [1, 8]) {
      for (const v of list) await round(v.ds, fixture, op, concurrency, v.wrap); // warm-up
      const rates = list.map((): number[] => []);
      for (let r = 0; r < rounds; r++) {
        for (const [k, v] of list.entries()) rates[k].push(await round(v.ds, fixture, op, concurrency, v.wrap));
      }
      const [plain, scope, wall, txn] = rates.map(median);
      summary.wall.push(plain / wall);
      summary.transaction.push(wall / txn);
      rows.push(
        `| ${name} | ${concurrency} | ${[plain, scope, wall, txn].map(Math.round).join(' | ')} | ` +
          `**${(plain / wall).toFixed(2)}×** | **${(wall / txn).toFixed(2)}×** |`,
      );
    }
  }
  return rows;
}

/**
 * Four ways to run the same operations on PostgreSQL, rounds interleaved in one process: plain
 * TypeORM as the owner (no tenancy, no policies evaluated: a superuser bypasses them); the scope
 * layer alone; the scope layer plus the row-level-security wall as the application role; and plain
 * TypeORM as the application role with "transaction + set_config per query".
 *
 * @example
 * npx ts-node --transpile-only bench/index.ts rls
 */
export async function run(): Promise<BenchSection> {
  const target = TARGETS.find((t) => t.name === 'postgres')!;
  const db = await openAppRoleScratch(target, {
    entities: conformanceEntities,
    migrations: [CreateConformanceTables1800000000100],
    tenancy: { rowLevelSecurity: false },
    app: { extra: { extra: { max: POOL } } },
  });
  const local = { wall: [] as number[], transaction: [] as number[] };
  const remote = { wall: [] as number[], transaction: [] as number[] };
  let localRows: string[];
  let remoteRows: string[];
  try {
    const fixture = await seed(db.app);
    // Every variant filters tasks by project: index it, so none wins by a sequential scan.
    await db.owner!.query(`CREATE INDEX idx_tasks_project ON tasks (project_id)`);
    localRows = await measure(await variants(db), fixture, ROUNDS, local);
    const proxy = await startLatencyProxy({ host: '127.0.0.1', port: Number(new URL(target.url!).port || 5432) }, DELAY_MS);
    try {
      remoteRows = await measure(await variants(db, proxy.port), fixture, REMOTE_ROUNDS, remote);
    } finally {
      await db.close(); // DataSources first, then the proxy they talk through
      await proxy.close();
    }
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const verdict = (s: { wall: number[]; transaction: number[] }) => {
    const worst = Math.max(...s.wall);
    const least = Math.min(...s.transaction);
    return (
      `Worst wall ratio ${worst.toFixed(2)}× (target ≤ 1.15×: ${worst <= 1.15 ? 'met' : '**missed**'}); ` +
      `smallest advantage over the transaction pattern ${least.toFixed(2)}× (target ≥ 1.8×: ${least >= 1.8 ? 'met' : '**missed**'}).`
    );
  };
  const header = [
    '| query | concurrency | plain ops/s | scope ops/s | scope + RLS ops/s | txn + set_config ops/s | wall × | vs txn |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  return {
    title: 'Row-level security wall (PostgreSQL)',
    markdown: [
      `PostgreSQL 15, ${TENANTS} tenants × ${TASKS_PER_TENANT} tasks, pool of ${POOL}, every operation for the next tenant in turn`,
      `(so connections keep switching tenants), ${OPS_PER_ROUND} operations per round, ${ROUNDS} rounds per variant`,
      'interleaved after a warm-up; medians of ops/s.',
      '',
      '- **plain**: TypeORM as the table owner, no tenancy (a superuser bypasses the policies).',
      '- **scope**: the query-scope layer alone (`rowLevelSecurity: false`), as the owner.',
      '- **scope + RLS**: the library as shipped, connected as the application role: scope layer, policies',
      '  evaluated by the database, `app.tenant_id` kept per connection (sent along with the query on a switch).',
      '- **transaction + set_config**: plain TypeORM as the application role, each operation in',
      "  `BEGIN; SELECT set_config('app.tenant_id', $1, true); …; COMMIT` (the policies alone).",
      '',
      '"Wall ×" is scope + RLS time per operation over plain (target ≤ 1.15×); "vs txn" is scope + RLS',
      'throughput over the transaction pattern (target ≥ 1.8×).',
      '',
      `**Localhost** (round trip ≈ 0.05 ms; ${ROUNDS} rounds):`,
      '',
      ...header,
      ...localRows,
      '',
      verdict(local),
      '',
      `**Simulated network**: the same server behind a local TCP proxy that holds every reply ${DELAY_MS} ms`,
      `(round trip ≈ ${DELAY_MS} ms, as to a database in another zone; ${REMOTE_ROUNDS} rounds):`,
      '',
      ...header,
      ...remoteRows,
      '',
      verdict(remote),
      '',
      'Where the time goes: a round trip on localhost costs far less than TypeORM\'s own work per',
      'operation (≈ 0.3–0.7 ms of JavaScript), so the three extra round trips of the transaction pattern',
      'weigh little there; over a network they dominate. The wall itself costs the server ≈ 30 µs per',
      'statement (planning the policy and filtering; measured with pgbench: 0.237 → 0.267 ms for the',
      'same unprepared lookup as superuser and as the application role) plus, on a tenant switch, the',
      'Bind/Execute of the prepared settings statement in the same round trip; the wire test shows no',
      'extra round trip. At concurrency 8 this 2-core machine is CPU-bound (Node and PostgreSQL share',
      'both cores), so every microsecond of server work shows up in throughput.',
    ].join('\n'),
  };
}
