import { randomUUID } from 'node:crypto';
import { createNamespace } from 'cls-hooked';
import {
  AsyncLocalStorageStore,
  ClsHookedStore,
  currentActorId,
  currentTenantId,
  useContextStore,
  withTenant,
  type ContextStore,
} from '../src/tenancy';
import { median, type BenchSection } from './section';

/**
 * Per-request cost of the tenant context. A "request" awaits three times (a resolved value, a
 * promise, a setImmediate standing in for I/O) and reads the tenant after each await; 100 of them
 * are in flight at once. Three ways to know the tenant: passed by hand (no context, the baseline),
 * `withTenant` on AsyncLocalStorage (the default), `withTenant` on the cls-hooked adapter.
 *
 * Both context stores work through process-wide async hooks that, once installed, stay installed
 * and tax every promise in the process, also code that never reads the context. So the phases run
 * in order (clean → AsyncLocalStorage → cls-hooked) and each phase measures the baseline again.
 * Inside a phase the configurations alternate round by round. cls-hooked's hook cannot be removed:
 * keep this module last in bench/index.ts.
 */
const CONCURRENCY = 100;
const WAVES = 40; // requests per round = CONCURRENCY × WAVES
const ROUNDS = 15;
const READS_PER_REQUEST = 3;

type Request = (tenantId: string, actorId: string) => Promise<number>;

async function handle(read: () => string | undefined, tenantId: string): Promise<number> {
  let hits = 0;
  await null;
  if (read() === tenantId) hits += 1;
  await Promise.resolve();
  if (read() === tenantId) hits += 1;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (read() === tenantId) hits += 1;
  return hits;
}

const baseline: Request = (tenantId) => handle(() => tenantId, tenantId);
const withContext: Request = (tenantId, actorId) =>
  withTenant(
    tenantId,
    () => handle(() => (currentActorId() === actorId ? currentTenantId() : undefined), tenantId),
    { actorId },
  );

const tenants = Array.from({ length: CONCURRENCY }, () => ({ tenantId: randomUUID(), actorId: randomUUID() }));

/** One round: WAVES × CONCURRENCY requests; returns µs per request. */
async function round(request: Request): Promise<number> {
  let hits = 0;
  const start = process.hrtime.bigint();
  for (let wave = 0; wave < WAVES; wave += 1) {
    const results = await Promise.all(tenants.map((t) => request(t.tenantId, t.actorId)));
    for (const r of results) hits += r;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e3;
  // Every read must have seen its own tenant (and actor), or the numbers mean nothing.
  if (hits !== WAVES * CONCURRENCY * READS_PER_REQUEST) throw new Error(`context lost: ${hits} hits`);
  return elapsed / (WAVES * CONCURRENCY);
}

interface Row {
  label: string;
  hooks: string;
  request: Request;
  /** The context store installed before each of this row's rounds. */
  store?: ContextStore;
  samples: number[];
}

/** Warm up once, then alternate the rows round by round. */
async function phase(rows: Row[]): Promise<void> {
  for (const row of rows) await measure(row);
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const row of rows) row.samples.push(await measure(row));
  }
}

async function measure(row: Row): Promise<number> {
  if (row.store) useContextStore(row.store);
  return round(row.request);
}

const fmt = (us: number) => us.toFixed(2);

/**
 * The "Tenant context overhead" section of docs/benchmarks.md.
 *
 * @example
 * npx ts-node --transpile-only bench/index.ts context
 */
export async function run(): Promise<BenchSection> {
  const alsStore = new AsyncLocalStorageStore();
  const previous = useContextStore(alsStore);
  const row = (label: string, hooks: string, request: Request, store?: ContextStore): Row => ({
    label,
    hooks,
    request,
    store,
    samples: [],
  });
  const ALS = 'AsyncLocalStorage';
  const BOTH = 'AsyncLocalStorage + cls-hooked';
  const clean = row('no context (tenant passed by hand)', 'none', baseline);
  const afterAls = row('no context', ALS, baseline);
  const als = row('`withTenant`, AsyncLocalStorage (default)', ALS, withContext, alsStore);
  const afterCls = row('no context', BOTH, baseline);
  const alsBesideCls = row('`withTenant`, AsyncLocalStorage (default)', BOTH, withContext, alsStore);
  const cls = row('`withTenant`, cls-hooked adapter', BOTH, withContext);
  try {
    await phase([clean]); // before any store has installed a hook
    await phase([afterAls, als]);
    cls.store = new ClsHookedStore(createNamespace('typeorm-tenancy-bench')); // installs cls-hooked's hook
    await phase([afterCls, alsBesideCls, cls]);
  } finally {
    useContextStore(previous);
  }

  const base = median(clean.samples);
  const m = (r: Row) => median(r.samples);
  const table = [
    '| Request handled with | Async hooks installed in the process | µs/request (median) | min – max | × clean baseline |',
    '|---|---|---:|---:|---:|',
    ...[clean, afterAls, als, afterCls, alsBesideCls, cls].map(
      (r) =>
        `| ${r.label} | ${r.hooks} | ${fmt(m(r))} | ${fmt(Math.min(...r.samples))} – ${fmt(Math.max(...r.samples))} | ` +
        `${(m(r) / base).toFixed(2)} |`,
    ),
  ];
  const markdown = [
    `${CONCURRENCY} concurrent requests, ${WAVES} waves per round, ${ROUNDS} rounds per row (after one warm-up`,
    `round); medians. A request awaits three times (a value, a resolved promise, a \`setImmediate\` standing in`,
    `for I/O) and reads the tenant (and actor) after each await. Each store installs process-wide async hooks`,
    'that stay installed, so the phases run in order (clean, then AsyncLocalStorage, then cls-hooked) and each',
    'phase measures the hand-passed baseline again; rows of one phase alternate round by round.',
    '',
    ...table,
    '',
    `- AsyncLocalStorage context: +${fmt(m(als) - base)} µs/request over the clean baseline ` +
      `(${(m(als) / base).toFixed(2)}×), of which +${fmt(m(als) - m(afterAls))} µs is \`withTenant\` and the reads; ` +
      'the rest is the hook every promise in the process pays once a store is in use.',
    `- cls-hooked adapter: +${fmt(m(cls) - base)} µs/request (${(m(cls) / base).toFixed(2)}×); ` +
      `${(m(cls) / m(alsBesideCls)).toFixed(2)}× the AsyncLocalStorage context measured beside it.`,
    '- Once cls-hooked is loaded, code that never touches the context pays too: the hand-passed baseline goes to ' +
      `${(m(afterCls) / base).toFixed(2)}× the clean one. Use the adapter only if the app already runs cls-hooked.`,
  ].join('\n');
  return { title: 'Tenant context overhead', markdown };
}
