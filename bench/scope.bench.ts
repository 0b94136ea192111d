import type { DataSource } from 'typeorm';
import { withTenant } from '../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Project, Task } from '../test/support/conformance-fixtures';
import { openScratch, type Scratch } from '../test/support/scratch-database';
import { seedTenants } from '../test/support/tenants';
import { TARGETS } from '../test/support/targets';
import { plainConnection, startPlainProcess, type PlainProcess } from './baseline/plain-process';
import { OPS_PER_ROUND, queries, round, ROUNDS, TASKS_PER_TENANT, TENANTS, tenantOf, wrongAnswers, type Fixture, type Wrap } from './operations';
import { median, type BenchSection } from './section';

/** The operations on the test entities (the baseline process runs the same ones on its copies). */
export const QUERIES = queries({ Task, Project });

export async function seed(ds: DataSource): Promise<Fixture> {
  const tenants = await seedTenants(ds, ...Array.from({ length: TENANTS }, (_, i) => `bench-${i}`));
  const projects: string[] = [];
  const tasks: string[][] = [];
  for (const tenantId of tenants) {
    const project = await withTenant(tenantId, () => ds.getRepository(Project).save({ title: 'Shared' }));
    projects.push(project.id);
    const rows = Array.from({ length: TASKS_PER_TENANT }, (_, v) => ({ title: 'Same title', views: v, projectId: project.id }));
    const saved = await withTenant(tenantId, () => ds.getRepository(Task).save(rows, { chunk: 100 }));
    tasks.push(saved.map((t) => t.id));
  }
  return { tenants, projects, tasks };
}

/** Runs the call inside `withTenant` of operation i's tenant (one context per call: a worst case). */
export const inTenant: Wrap = (f, i, call) => withTenant(f.tenants[tenantOf(f, i)], () => call());

/** Fails loudly when a variant answers look-ups by id wrongly (a broken setup measured as fast). */
export function assertRight(variant: string, wrong: number): void {
  if (wrong) throw new Error(`bench: ${variant} answered ${wrong} look-ups by id wrongly (no row or another tenant's)`);
}

async function measure(target: (typeof TARGETS)[number], child: PlainProcess): Promise<string[]> {
  const scratch: Scratch = await openScratch(target, {
    entities: conformanceEntities,
    migrations: [CreateConformanceTables1800000000100],
    tenancy: { rowLevelSecurity: false },
  });
  try {
    const scoped = scratch.dataSource; // the scope layer alone; rls.bench.ts adds the database wall
    const fixture = await seed(scoped);
    // Both variants filter tasks by project: index it, so neither side wins by a sequential scan.
    await scoped.query(`CREATE INDEX idx_tasks_project ON tasks (project_id)`);
    // Plain TypeORM runs in the baseline process; this one only lends it the connection and the
    // metadata of the test entities (a DataSource without tenancy, never measured).
    const like = await scratch.open({ entities: conformanceEntities, tenancy: false });
    const key = `scope-${target.name}`;
    await child.open(key, plainConnection(like), like, fixture);
    assertRight(`plain (${target.name})`, await child.verify(key));
    assertRight(`scoped (${target.name})`, await wrongAnswers(scoped, fixture, { Task, Project }, inTenant));
    const rows: string[] = [];
    for (const [q, [name, op]] of QUERIES.entries()) {
      for (const concurrency of [1, 8]) {
        await child.round(key, q, concurrency); // warm-up, not counted
        await round(scoped, fixture, op, concurrency, inTenant);
        const rates: [number[], number[]] = [[], []];
        for (let r = 0; r < ROUNDS; r++) {
          // Alternate the processes round by round, so machine noise falls on both.
          rates[0].push(await child.round(key, q, concurrency));
          rates[1].push(await round(scoped, fixture, op, concurrency, inTenant));
        }
        const [p, s] = rates.map(median);
        rows.push(`| ${target.name} | ${name} | ${concurrency} | ${(1000 / p).toFixed(3)} | ${(1000 / s).toFixed(3)} | **${(p / s).toFixed(2)}×** |`);
      }
    }
    return rows;
  } finally {
    await scratch.close();
  }
}

/**
 * The scope layer against plain TypeORM: the same queries on the same tables, rounds alternating
 * between plain TypeORM in a process of its own (bench/baseline) and the scope layer here. Scoped
 * calls run inside `withTenant` (one context per call, a worst case: apps open one per request)
 * with the write subscriber and validation on.
 *
 * @example
 * BENCH_QUICK=1 npx ts-node --transpile-only bench/index.ts scope
 */
export async function run(): Promise<BenchSection> {
  const rows: string[] = [];
  const child = await startPlainProcess();
  try {
    for (const target of TARGETS.filter((t) => t.name === 'postgres' || t.name === 'mariadb')) rows.push(...(await measure(target, child)));
  } finally {
    await child.close();
  }
  const ratios = rows.map((row) => Number(/\*\*([0-9.]+)×\*\*/.exec(row)![1]));
  const worst = Math.max(...ratios);
  return {
    title: 'Scope layer vs plain TypeORM',
    markdown: [
      `${TENANTS} tenants × ${TASKS_PER_TENANT} tasks (look-alike rows), ${OPS_PER_ROUND} operations per round, ${ROUNDS} rounds`,
      'alternating plain and scoped after one warm-up round each; medians. "Time ×" is scoped time per',
      'operation over plain time (target ≤ 1.10×).',
      '',
      '**Plain TypeORM runs in a separate process** (bench/baseline/plain-child.ts, forked with ts-node):',
      'it loads TypeORM, the driver, the shared operations (bench/operations.ts) and TypeORM-only copies of',
      'the test entities, and none of the library, so it pays neither the patched query-builder methods nor',
      'the AsyncLocalStorage hook that every promise pays once a store is in use in a process. It gets the',
      'connection options and the fixture ids over IPC, times each round itself and reports ops/s; the',
      'rounds alternate between the two processes (child, then this one). Checked in the child after',
      `every request (${child.checked} this run): no file of src/ or test/ loaded, every patch point is the function of`,
      "TypeORM's own file and no TypeORM or driver method carries the library's patch marker, no",
      'AsyncLocalStorage store entered; its entity copies have the metadata of the originals.',
      '',
      '| database | query | concurrency | plain ms/op (own process) | scoped ms/op | time × |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Worst time ratio ${worst.toFixed(2)}× (target ≤ 1.10×: ${worst <= 1.1 ? 'met' : '**missed**'}; ${ratios.filter((r) => r > 1.1).length} of ${ratios.length} rows above it).`,
      '',
      'Where the time goes (measured separately with interleaved single calls): building the SQL',
      'with the scope conditions costs about 2 µs; reads are otherwise the same statement plus',
      '`tenant_id = $n`, served by the `(tenant_id, id)` key. A scoped `update` also runs the write',
      "subscriber (tenant checks, `updated_by`, validation when the entity has rules) and, on MariaDB,",
      'the extra predicate makes the optimizer use the secondary `(tenant_id, id)` key instead of the',
      'primary key; that is why updates cost more than reads. The scoped side also pays the',
      'AsyncLocalStorage hook on every promise of the operation, which the baseline process does not.',
      'Numbers on this 2-core machine move by ±15% between runs: compare the ratios of one run, not across runs.',
    ].join('\n'),
  };
}
