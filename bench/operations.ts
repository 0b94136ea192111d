import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The benchmarked operations, shared by the library's variants (this process) and the plain-TypeORM
 * baseline (a child process, bench/baseline/plain-child.ts). This module imports nothing but
 * TypeORM's types, so both processes run literally the same code; only the entity classes differ
 * (the test entities here, TypeORM-only copies of them in the child).
 */

/** `BENCH_QUICK=1` cuts rounds and operations, to check that a section runs (numbers meaningless). */
export const QUICK = process.env.BENCH_QUICK === '1';
export const TENANTS = 20;
export const TASKS_PER_TENANT = 500;
export const OPS_PER_ROUND = QUICK ? 100 : 400;
export const ROUNDS = QUICK ? 3 : 15;

export interface Fixture { tenants: string[]; projects: string[]; tasks: string[][] }
/** The entity classes the operations use (the child passes its own copies). */
export interface Entities { Task: EntityTarget<ObjectLiteral>; Project: EntityTarget<ObjectLiteral> }
type Db = Pick<DataSource, 'getRepository'>;
/** One benchmarked operation; `ds` may be an EntityManager (inside a transaction). */
export type Op = (ds: Db, f: Fixture, i: number) => Promise<unknown>;
/** How a variant runs operation `i` (e.g. inside `withTenant`, or a transaction). */
export type Wrap = (f: Fixture, i: number, call: (ds?: Db) => Promise<unknown>) => Promise<unknown>;

export const tenantOf = (f: Fixture, i: number) => i % f.tenants.length;

/** The operations, by name, on the given entity classes. */
export function queries({ Task }: Entities): Array<[string, Op]> {
  return [
    ['`findOneBy` by id', (ds, f, i) => ds.getRepository(Task).findOneBy({ id: f.tasks[tenantOf(f, i)][i % TASKS_PER_TENANT] })],
    ['`find` with where + take', (ds, f, i) => ds.getRepository(Task).find({ where: { projectId: f.projects[tenantOf(f, i)] }, take: 20 })],
    ['QueryBuilder with a join', (ds, f, i) => ds.getRepository(Task).createQueryBuilder('t').leftJoinAndSelect('t.project', 'p').where('t.views < :v', { v: (i % 400) + 20 }).andWhere('t.projectId = :p', { p: f.projects[tenantOf(f, i)] }).limit(20).getMany()],
    ['`update` by id', (ds, f, i) => ds.getRepository(Task).update({ id: f.tasks[tenantOf(f, i)][i % TASKS_PER_TENANT] }, { views: i % 1000 })],
  ];
}

/** Runs the call as it is (plain TypeORM). */
export const direct: Wrap = (_f, _i, call) => call();

/** Ops/s of one round: `concurrency` workers share OPS_PER_ROUND operations. */
export async function round(ds: DataSource, f: Fixture, op: Op, concurrency: number, wrap: Wrap): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < OPS_PER_ROUND) {
      const i = next++;
      await wrap(f, i, (inner) => op(inner ?? ds, f, i));
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return OPS_PER_ROUND / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * How many of `2 × tenants` look-ups by id, 8 at a time, came back wrong (no row, or another
 * tenant's): a variant that measures a broken setup (say, settings lost behind a pooler) fails here.
 */
export async function wrongAnswers(ds: DataSource, f: Fixture, { Task }: Entities, wrap: Wrap): Promise<number> {
  let wrong = 0;
  let next = 0;
  const worker = async () => {
    while (next < 2 * f.tenants.length) {
      const i = next++;
      const t = tenantOf(f, i);
      const row = (await wrap(f, i, (inner) => (inner ?? ds).getRepository(Task).findOneBy({ id: f.tasks[t][i % TASKS_PER_TENANT] }))) as { tenantId?: string } | null;
      if (row?.tenantId !== f.tenants[t]) wrong++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return wrong;
}

/** Column and relation signature of an entity's metadata: the child checks its copies against it. */
export function entitySignature(ds: DataSource, target: EntityTarget<ObjectLiteral>): string {
  const m = ds.getMetadata(target);
  const columns = m.columns.map((c) => `${c.databaseName}:${String(c.type)}:${c.isNullable}:${c.isCreateDate}${c.isUpdateDate}${c.isDeleteDate}`);
  const relations = m.relations.map((r) => `${r.propertyName}:${r.relationType}:${r.inverseEntityMetadata.tableName}:${r.isEager}`);
  const ids = m.relationIds.map((r) => r.propertyName);
  return `${m.tableName}(${columns.sort().join(',')}) [${relations.sort().join(',')}] {${ids.join(',')}}`;
}
