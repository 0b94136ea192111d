import type { DataSource } from 'typeorm';
import { openAppRoleScratch } from '../test/support/app-role';
import { conformanceEntities, CreateConformanceTables1800000000100, Project, Task } from '../test/support/conformance-fixtures';
import { pgbouncerTracksPreparedStatements, pgbouncerVersion, startPgBouncer } from '../test/support/pgbouncer';
import { TENANT_ROLE } from '../src/dialect/postgres-rls';
import { TARGETS } from '../test/support/targets';
import { plainConnection, startPlainProcess, type PlainProcess } from './baseline/plain-process';
import { OPS_PER_ROUND, QUICK, round, ROUNDS, TASKS_PER_TENANT, TENANTS, tenantOf, wrongAnswers, type Fixture, type Wrap } from './operations';
import { assertRight, inTenant, QUERIES, seed } from './scope.bench';
import { roundTripMs, startLatencyProxy } from './latency-proxy';
import { serverCost } from './rls-server-cost';
import { settingsCost } from './settings-cost';
import { median, type BenchSection } from './section';
import { countPrepares } from '../test/support/wire';

const POOL = 10;
/** Server connections per (user, database) pool of PgBouncer. */
const BOUNCER_POOL = 4;
/** Extra latency of the simulated network, per round trip. */
const DELAY_MS = 1;
const REMOTE_ROUNDS = QUICK ? 2 : 9;
/** PgBouncer >= 1.21 (TENANCY_PGBOUNCER_BIN) keeps named statements in transaction mode with this `max_prepared_statements`. */
const BOUNCER_PREPARED = pgbouncerTracksPreparedStatements() ? 100 : 0;
const BOUNCER_NAME = `PgBouncer ${pgbouncerVersion()?.join('.') ?? '(unknown version)'}`;

/**
 * The common alternative to a session-level setting: every operation in its own transaction with
 * `set_config(…, true)` (SET LOCAL), on plain TypeORM, relying on the policies alone.
 */
const transactionPerQuery =
  (ds: DataSource): Wrap =>
  (f: Fixture, i: number, call) =>
    ds.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', '${TENANT_ROLE}', true), set_config('app.tenant_id', $1, true)`, [f.tenants[tenantOf(f, i)]]);
      return call(manager);
    });

/**
 * `wall` is the library as configured by default (`preparedStatements: 'auto'`); `alt` the other
 * choice on that path: unprepared (`false`) on direct connections, where the default prepares;
 * prepared (`true`) through PgBouncer >= 1.21, where the default cannot know the pooler keeps them.
 */
type Key = 'plain' | 'scope' | 'wall' | 'alt' | 'txn';
/** One way to run the operations: rounds (ops/s) of query `q`, and a check of its answers. */
interface Variant {
  key: Key;
  round(q: number, concurrency: number): Promise<number>;
  verify(): Promise<number>;
}
/** Where the application reaches the database. */
interface Path {
  title: string;
  /** Host and port the DataSources connect to (undefined: the server itself). */
  at?: { host: string; port: number };
  /** A direct connection (the default prepares there): also measure it unprepared, and the scope layer alone. */
  direct: boolean;
  /** Measure `preparedStatements: true` on a pooled path (PgBouncer >= 1.21 with `max_prepared_statements` > 0). */
  prepared?: boolean;
  rounds: number;
}

/** What the `alt` column of a path is. */
const altLabel = (path: Path) => (path.direct ? 'unprepared wall' : path.prepared ? 'prepared wall' : '');
/** Medians (ops/s) of one table row, per variant. */
type Row = { query: string; concurrency: number } & Partial<Record<Key, number>>;

type Db = Awaited<ReturnType<typeof openAppRoleScratch>>;

const inProcess = (key: Key, ds: DataSource, wrap: Wrap, fixture: Fixture): Variant => ({
  key,
  round: (q, concurrency) => round(ds, fixture, QUERIES[q][1], concurrency, wrap),
  verify: () => wrongAnswers(ds, fixture, { Task, Project }, wrap),
});

/** The variants of one path: plain TypeORM in the baseline process, the rest in this one. */
async function variants(db: Db, path: Path, fixture: Fixture, child: PlainProcess, like: DataSource): Promise<Variant[]> {
  const at = path.at ?? {};
  const pooled = { extra: { max: POOL }, ...at };
  const tenancy = (preparedStatements?: boolean) => ({ rowLevelSecurity: { systemKey: db.systemKey, ...(preparedStatements === undefined ? {} : { preparedStatements }) } });
  const plainKey = `rls-${path.title}`;
  await child.open(plainKey, plainConnection(like, at), like, fixture);
  const list: Variant[] = [{ key: 'plain', round: (q, c) => child.round(plainKey, q, c), verify: () => child.verify(plainKey) }];
  if (path.direct) list.push(inProcess('scope', await db.openOwner!({ entities: conformanceEntities, tenancy: { rowLevelSecurity: false }, extra: at }), inTenant, fixture));
  const wall = await db.open({ tenancy: tenancy(), extra: pooled });
  const parses = countPrepares(wall);
  list.push(inProcess('wall', wall, inTenant, fixture));
  if (path.direct || path.prepared) list.push(inProcess('alt', await db.open({ tenancy: tenancy(!path.direct), extra: pooled }), inTenant, fixture));
  const txn = await db.open({ tenancy: false, extra: pooled });
  list.push(inProcess('txn', txn, transactionPerQuery(txn), fixture));
  for (const v of list) assertRight(`${v.key} (${path.title})`, await v.verify());
  // The default must have chosen as documented: prepared on a direct connection, unnamed through a pooler.
  if ((parses() > 0) !== path.direct) throw new Error(`${path.title}: the default wall sent ${parses()} named statements`);
  return list;
}

/** Every query × concurrency, variants interleaved round by round (the baseline process first). */
async function measure(list: Variant[], rounds: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [q, [query]] of QUERIES.entries()) {
    for (const concurrency of [1, 8]) {
      for (const v of list) await v.round(q, concurrency); // warm-up
      const rates = list.map((): number[] => []);
      for (let r = 0; r < rounds; r++) {
        for (const [k, v] of list.entries()) rates[k].push(await v.round(q, concurrency));
      }
      const row: Row = { query, concurrency };
      for (const [k, v] of list.entries()) row[v.key] = median(rates[k]);
      rows.push(row);
    }
  }
  return rows;
}

const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const ms = (opsPerSecond: number | undefined) => (opsPerSecond ? (1000 / opsPerSecond).toFixed(3) : '—');

function table(rows: Row[]): string[] {
  return [
    '| query | concurrency | plain ms/op (own process) | wall (default) ms/op | wall ÷ plain | txn + set_config ms/op | wall vs txn | other wall ms/op | other ÷ plain | other vs txn | scope alone ms/op | ceiling |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const p = r.plain!;
      const t = r.txn!;
      const alt = r.alt ? [ms(r.alt), x(p / r.alt), x(r.alt / t)] : ['—', '—', '—'];
      return (
        `| ${r.query} | ${r.concurrency} | ${ms(p)} | ${ms(r.wall)} | **${x(p / r.wall!)}** | ${ms(t)} | **${x(r.wall! / t)}** | ` +
        `${alt.join(' | ')} | ${ms(r.scope)} | ${x(p / t)} |`
      );
    }),
  ];
}

/** The verdict of one table, computed from its rows. */
function verdict(rows: Row[], path: Path): string {
  const judge = (key: 'wall' | 'alt', label: string) => {
    const measured = rows.filter((r) => r[key]);
    if (!measured.length) return '';
    const worst = Math.max(...measured.map((r) => r.plain! / r[key]!));
    const least = Math.min(...measured.map((r) => r[key]! / r.txn!));
    const missedTime = measured.filter((r) => r.plain! / r[key]! > 1.15).length;
    const missedTxn = measured.filter((r) => r[key]! / r.txn! < 1.8).length;
    return (
      `${label}: worst time ratio ${x(worst)} (target ≤ 1.15×: ${worst <= 1.15 ? 'met' : `**missed** in ${missedTime} of ${measured.length} rows`}), ` +
      `smallest advantage over the transaction pattern ${x(least)} (target ≥ 1.8×: ${least >= 1.8 ? 'met' : `**missed** in ${missedTxn} of ${measured.length} rows`}).`
    );
  };
  const unreachable = rows.filter((r) => r.plain! / r.txn! < 1.8).length;
  return [
    judge('wall', `Wall as configured by default (${path.direct ? 'prepared: the connection is proven direct' : 'unprepared: a pooler'})`),
    altLabel(path) ? judge('alt', `Other wall (${altLabel(path)})`) : '',
    unreachable ? `In ${unreachable} of ${rows.length} rows even a wall that cost nothing (ceiling: plain ÷ txn) stays below 1.8×.` : 'A wall that cost nothing would reach 1.8× in every row.',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The same operations on PostgreSQL along three paths (localhost; the simulated network; the
 * simulated network in front of PgBouncer in transaction mode), rounds interleaved: plain TypeORM
 * as the owner in a process of its own (no tenancy, no patches, no AsyncLocalStorage; a superuser
 * bypasses the policies); the scope layer plus the row-level-security wall as the application role,
 * as configured by default (prepared on direct connections, unprepared through the pooler) and the
 * other choice of each path;
 * the scope layer alone; and plain TypeORM as the application role with "transaction + set_config
 * per query".
 *
 * @example
 * BENCH_QUICK=1 npx ts-node --transpile-only bench/index.ts rls
 */
export async function run(): Promise<BenchSection> {
  const target = TARGETS.find((t) => t.name === 'postgres')!;
  const db = await openAppRoleScratch(target, {
    entities: conformanceEntities,
    migrations: [CreateConformanceTables1800000000100],
    tenancy: { rowLevelSecurity: false },
    app: { extra: { extra: { max: POOL } } },
  });
  const child = await startPlainProcess();
  const stops: Array<() => Promise<void>> = [];
  const results: Array<{ path: Path; rtt: number; rows: Row[]; failed?: string }> = [];
  let costRows: string[];
  let carried: Awaited<ReturnType<typeof settingsCost>>;
  try {
    const fixture = await seed(db.app);
    // Every variant filters tasks by project: index it, so none wins by a sequential scan.
    await db.owner!.query(`CREATE INDEX idx_tasks_project ON tasks (project_id)`);
    const server = { host: '127.0.0.1', port: Number(new URL(target.url!).port || 5432) };
    const proxy = await startLatencyProxy(server, DELAY_MS);
    stops.push(() => proxy.close());
    const bouncer = await startPgBouncer({ mode: 'transaction', poolSize: BOUNCER_POOL, maxPreparedStatements: BOUNCER_PREPARED });
    stops.push(() => bouncer.stop());
    const owner = new URL(target.url!).username || 'postgres';
    for (const user of [owner, db.role]) await bouncer.allowUser?.(user);
    const bounced = await startLatencyProxy({ host: bouncer.host, port: bouncer.port }, DELAY_MS);
    stops.push(() => bounced.close());
    const paths: Path[] = [
      { title: 'Localhost, direct', direct: true, rounds: ROUNDS },
      { title: 'Simulated network, direct', at: { host: proxy.host, port: proxy.port }, direct: true, rounds: REMOTE_ROUNDS },
      { title: 'Simulated network, through PgBouncer (transaction mode)', at: { host: bounced.host, port: bounced.port }, direct: false, prepared: BOUNCER_PREPARED > 0, rounds: REMOTE_ROUNDS },
    ];
    // The baseline process copies the connection settings of a DataSource of the test entities.
    const like = await db.openOwner!({ entities: conformanceEntities, tenancy: false });
    for (const path of paths) {
      console.log(`#   ${path.title} …`);
      const rtt = await roundTripMs(target.url!, path.at?.port);
      try {
        const list = await variants(db, path, fixture, child, like);
        results.push({ path, rtt, rows: await measure(list, path.rounds) });
      } catch (error) {
        // Shown in the table (and the verdict) instead of ending the whole run.
        console.error(error);
        results.push({ path, rtt, rows: [], failed: String((error as Error).message ?? error).split('\n')[0] });
      }
    }
    const scratchUrl = new URL(target.url!);
    scratchUrl.pathname = `/${(db.owner!.options as { database: string }).database}`;
    carried = await settingsCost(scratchUrl.toString(), db.role, fixture.tenants[0]);
    costRows = await serverCost(scratchUrl.toString(), db.role, db.owner!, fixture); // last: it changes policies
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await child.close();
    await db.close().catch(() => undefined);
  }
  const localPlainMs = results[0].rows.filter((r) => r.concurrency === 1).map((r) => 1000 / r.plain!);
  return {
    title: 'Row-level security wall (PostgreSQL)',
    markdown: [
      `PostgreSQL 15, ${TENANTS} tenants × ${TASKS_PER_TENANT} tasks, pool of ${POOL}, every operation for the next tenant in turn`,
      `(so connections keep switching tenants), ${OPS_PER_ROUND} operations per round, rounds of every variant`,
      'interleaved after a warm-up; medians, shown as milliseconds per operation.',
      '',
      '- **plain**: TypeORM as the table owner, no tenancy (a superuser bypasses the policies), **in a separate',
      '  process** (bench/baseline/plain-child.ts): it loads TypeORM, the driver, the shared operations',
      '  (bench/operations.ts) and TypeORM-only copies of the test entities, none of the library, so it pays',
      '  neither the patches nor the AsyncLocalStorage hook (which every promise of a process pays once a store',
      '  is in use). It gets the connection options and fixture ids over IPC, times its rounds itself, and takes',
      `  its turn in the interleaving like any variant. Checked in the child after each of its ${child.checked} requests:`,
      "  no file of src/ or test/ loaded, every patch point is the function of TypeORM's own file, no TypeORM or",
      "  driver method carries the library's patch marker, no AsyncLocalStorage store entered.",
      '- **wall (default)**: the library connected as the application role as configured by default',
      '  (`rowLevelSecurity: { systemKey }`): scope layer, policies evaluated by the database, settings carried by',
      "  the session layer, `preparedStatements: 'auto'`: each parameterized statement prepared once per connection",
      '  where the connection is proven direct, unprepared (as TypeORM sends it) through a pooler. Checked in each',
      '  run: named statements were sent on the direct paths and none through the pooler.',
      `- **other wall**: on direct paths the same unprepared (\`preparedStatements: false\`), to show what preparing`,
      `  saves${BOUNCER_PREPARED ? `; through ${BOUNCER_NAME} with \`max_prepared_statements = ${BOUNCER_PREPARED}\` the same prepared (\`preparedStatements: true\`)` : ''}.`,
      '- **scope alone** (direct connections only): `rowLevelSecurity: false`, as the owner.',
      '- **txn + set_config**: plain TypeORM (in this process) as the application role, each operation in',
      "  `BEGIN; SELECT set_config('role', 'tenancy_tenant', true), set_config('app.tenant_id', $1, true); …; COMMIT` (the policies alone).",
      '',
      'Before measuring, every variant looks up rows by id for every tenant, 8 at a time, and must get each',
      "row back with its own tenant (a setup that lost its settings, e.g. behind a pooler, fails there).",
      '',
      '"Wall ÷ plain" is time per operation (target ≤ 1.15×); "wall vs txn" is throughput over the',
      'transaction pattern (target ≥ 1.8×). "Ceiling" is plain ÷ txn: the most any wall could reach against',
      'the transaction pattern, were it free. The targets are judged on the simulated network, direct and',
      'through the pooler: the second is a claim about round trips (the transaction pattern costs three more',
      'per operation), and with the database on the same two cores a round trip costs almost nothing; the',
      'localhost table is kept to show what the wall costs in CPU.',
      '',
      ...results.flatMap(({ path, rtt, rows, failed }) => [
        `**${path.title}** (round trip ${rtt.toFixed(2)} ms, median \`SELECT 1\`; ${path.rounds} rounds${
          path.at ? `; a TCP proxy (a child process) holds every reply ${DELAY_MS} ms` : ''
        }${path.direct ? '' : `, in front of ${BOUNCER_NAME}, \`pool_mode = transaction\`, ${BOUNCER_POOL} server connections per user${
          BOUNCER_PREPARED ? `, \`max_prepared_statements = ${BOUNCER_PREPARED}\`` : ''
        }`}):`,
        '',
        ...(failed ? [`**Not measured**: the setup failed: \`${failed}\`.`] : table(rows)),
        '',
        ...(failed ? [] : [`"Other wall" here: ${altLabel(path) || 'none measured'}${path.direct ? ' (`preparedStatements: false`)' : path.prepared ? ' (`preparedStatements: true`)' : ''}.`, '']),
        failed ? 'Targets not judged on this path (**missed**).' : verdict(rows, path),
        '',
      ]),
      '**What carrying the settings on every statement costs**, measured on one localhost connection each as the',
      "application role without TypeORM (bench/settings-cost.ts): `SELECT $1::int` sent by node-postgres's own `Client` against the",
      "same statement sent by the session's `Client` subclass, which puts the settings statement",
      "(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.tenant_system_key', $3, true)`)",
      'in front of it in the same pipeline; both inside `withTenant`; rounds rotating; medians:',
      '',
      '| mode | bare µs | carrying the settings µs | extra per statement |',
      '| --- | ---: | ---: | ---: |',
      ...(['unnamed', 'prepared'] as const).map((mode) => {
        const c = carried[mode];
        const label = mode === 'unnamed' ? 'unnamed (through a pooler by default; `false`)' : 'prepared, the settings statement too (direct by default; `true`)';
        return `| ${label} | ${c.bare.toFixed(1)} | ${c.carried.toFixed(1)} | **${c.extra >= 0 ? '+' : '−'}${Math.abs(c.extra).toFixed(1)} µs** |`;
      }),
      '',
      `Client and server together; the round trip is the same. Unnamed, that is ${((carried.unnamed.extra / 1000 / Math.max(...localPlainMs)) * 100).toFixed(1)}–${((carried.unnamed.extra / 1000 / Math.min(...localPlainMs)) * 100).toFixed(1)}% of a plain operation on localhost`,
      `(${Math.min(...localPlainMs).toFixed(2)}–${Math.max(...localPlainMs).toFixed(2)} ms at concurrency 1); prepared, ${((carried.prepared.extra / 1000 / Math.max(...localPlainMs)) * 100).toFixed(1)}–${((carried.prepared.extra / 1000 / Math.min(...localPlainMs)) * 100).toFixed(1)}%.`,
      '',
      '**What the policies cost the server**, per statement, without TypeORM: the same unprepared statement',
      'as the owner (a superuser: no policy), as the tenant role under the shipped policy (`tenant_id = <setting>`',
      'alone), and under the former policy that OR-ed the system-key arm `OR (SELECT … tenancy_system_access() …)`',
      'into it (what tenant statements paid before the roles were split). One connection each; every round swaps the',
      'policy and times the owner beside each variant, so an extra is the difference within one round; medians of rounds:',
      '',
      '| statement | owner, no policy | tenant role, shipped policy: extra | tenant role, former OR-ed policy: extra |',
      '| --- | ---: | ---: | ---: |',
      ...costRows,
      '',
      `Where the time goes: on localhost a round trip (${results[0].rtt.toFixed(2)} ms) is a small part of a plain operation`,
      `(${Math.min(...localPlainMs).toFixed(2)}–${Math.max(...localPlainMs).toFixed(2)} ms at concurrency 1: TypeORM's own work and the server's), so the three extra`,
      'round trips of the transaction pattern weigh little there, while over a network they dominate. Unprepared, the wall',
      'costs the server the policy, planned anew for every statement (which is how TypeORM sends them); prepared,',
      'a statement and its policies are planned once per connection, which is why that wall can beat plain',
      'TypeORM. The wall also pays, in this process, the AsyncLocalStorage hook on every promise, which the',
      'baseline process does not. At concurrency 8 this 2-core machine is CPU-bound (Node, the proxies, PgBouncer and',
      'PostgreSQL share both cores), so every microsecond of client or server work shows up in throughput.',
    ].join('\n'),
  };
}
