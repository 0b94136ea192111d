import type { DataSource, Logger } from 'typeorm';
import { bundledEntities, User, UserRole } from '../../src/entities';
import { withTenant } from '../../src/tenancy/with-tenant';
import { uuidv7 } from '../../src/uuid';
import { describeCitus } from '../support/citus';
import { seedTenants } from '../support/tenants';

/** Records every statement TypeORM sends (the wall's SET LOCALs travel below it, not here). */
class Recorder implements Logger {
  statements: Array<[string, unknown[]]> = [];
  logQuery(query: string, parameters?: unknown[]) {
    if (!/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(query)) this.statements.push([query, parameters ?? []]);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/**
 * With the tenant known, the statements the scope layer sends are router plans on Citus: every
 * statement an operation sends (TypeORM's own, the library's checks included) is EXPLAINed as
 * the application role inside the tenant, and Citus must plan it on one shard ("Task Count: 1").
 * EXPLAIN without ANALYZE runs nothing.
 */
describeCitus('single-shard routing with the tenant known', { entities: bundledEntities }, (db) => {
  let A: string;
  let app: DataSource;
  const recorder = new Recorder();
  let first: User;

  /** The statements `fn` sends inside tenant A, each with its Citus task count. */
  async function taskCounts(fn: () => Promise<unknown>): Promise<Array<{ sql: string; tasks: number[] }>> {
    recorder.statements = [];
    await withTenant(A, fn);
    const sent = [...recorder.statements];
    const out: Array<{ sql: string; tasks: number[] }> = [];
    for (const [sql, parameters] of sent) {
      const plan: Array<{ 'QUERY PLAN': string }> = await withTenant(A, () => app.query(`EXPLAIN ${sql}`, parameters));
      const tasks = plan.map((r) => /Task Count: (\d+)/.exec(r['QUERY PLAN'])?.[1]).filter(Boolean).map(Number);
      out.push({ sql: sql.slice(0, 80), tasks });
    }
    return out;
  }
  const expectSingleShard = (counts: Array<{ sql: string; tasks: number[] }>) => {
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) expect(c).toEqual({ sql: c.sql, tasks: [1] });
  };

  beforeAll(async () => {
    [A] = await seedTenants(db().owner, 'route-a', 'route-b');
    app = await db().openApp({ rowLevelSecurity: { systemKey: db().systemKey, citus: true } });
    (app as unknown as { logger: Logger }).logger = recorder;
    await withTenant(A, async () => {
      first = await app.getRepository(User).save({ email: 'r1@example.com', name: 'r1', status: 'active' });
      await app.getRepository(UserRole).save({ userId: first.id, role: 'admin' });
    });
  });

  it('find by id', async () => expectSingleShard(await taskCounts(() => app.getRepository(User).findOneBy({ id: first.id }))));
  it('a list', async () => expectSingleShard(await taskCounts(() => app.getRepository(User).find({ order: { email: 'ASC' }, take: 20 }))));
  it('a join', async () => expectSingleShard(await taskCounts(() => app.getRepository(UserRole).find({ relations: { user: true } }))));
  it('an update', async () => expectSingleShard(await taskCounts(() => app.getRepository(User).update({ email: 'r1@example.com' }, { name: 'r1b' }))));
  it('save of a new row with a caller-chosen id (no look-up across shards)', async () =>
    expectSingleShard(await taskCounts(() => app.getRepository(User).save({ id: uuidv7(), email: 'r2@example.com', name: 'r2', status: 'active' }))));
  it('save of a changed row', async () => expectSingleShard(await taskCounts(() => app.getRepository(User).save({ ...first, name: 'r1c' }))));
  it('upsert', async () =>
    expectSingleShard(await taskCounts(() => app.getRepository(User).upsert([{ id: first.id, email: 'r1@example.com', name: 'r1d', status: 'active' }], ['tenantId', 'id']))));
});
