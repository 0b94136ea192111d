import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { InvalidJobContextError, JobContextMissingError, addTenantJob, tenantProcessor } from '../../src/jobs';
import { currentActorId, currentScope, currentTenantId } from '../../src/tenancy/current-tenant';
import { withoutTenantScope, withTenant } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { isRedisAvailable } from '../support/redis';
import { describeEachDatabase } from '../support/scratch-database';
import { countRows, seedTenantNotes, tenantsOf } from '../support/tenants';
import { openTestQueue, type TestQueue } from './bullmq-harness';

/**
 * End to end: jobs go through a real BullMQ queue on the local Redis (a queue and key prefix of
 * their own, obliterated after each test) to a real worker, which reads and writes the scratch
 * database of each target. In CI, global-setup fails the run when Redis is unreachable; these
 * suites are only skipped outside CI (with a loud notice).
 */
const describeWithRedis = isRedisAvailable() ? describe : describe.skip;

describeWithRedis('BullMQ jobs run in the context that queued them', () => {
  describeEachDatabase('bullmq worker', { entities: [Notebook, Note], migrations: [CreateTestTables1800000000000] }, (db) => {
    let tenants: string[];
    let jobs: TestQueue;
    const notes = () => db().dataSource.getRepository(Note);

    beforeAll(async () => {
      tenants = await seedTenantNotes(db().dataSource, ['job-a', 'job-b', 'job-c'], ['seed-1', 'seed-2']);
    });
    beforeEach(async () => {
      jobs = await openTestQueue();
    });
    afterEach(async () => {
      await jobs.close();
    });

    it("runs as the tenant and actor that queued it, reads only that tenant's rows, and writes are stamped with them", async () => {
      const [a, b] = tenants;
      const actor = randomUUID();
      jobs.startWorker(
        tenantProcessor(async (payload: { title: string }) => {
          const seen = await notes().find();
          const saved = await notes().save({ title: payload.title });
          return { tenant: currentTenantId(), actor: currentActorId(), seen: tenantsOf(seen.map((n) => ({ tenant_id: n.tenantId }))), rows: seen.length, saved: [saved.tenantId, saved.createdBy] };
        }),
      );
      const job = await withTenant(a, () => addTenantJob(jobs.queue, 'write', { title: 'from-a' }), { actorId: actor });
      expect(job.data).toEqual({ tenancy: { v: 1, kind: 'tenant', tenantId: a, actorId: actor }, payload: { title: 'from-a' } });
      const [outcome] = await jobs.settled([job]);
      expect(outcome).toMatchObject({ state: 'completed', value: { tenant: a, actor, seen: [a], rows: 2, saved: [a, actor] } });
      expect(await countRows(db().dataSource, 'notes', "title = 'from-a'")).toBe(1);
      expect(await withTenant(b, () => notes().countBy({ title: 'from-a' }))).toBe(0);
    });

    it('a job queued with no tenant in context is refused at enqueue (JOB_CONTEXT_MISSING): nothing queued, nothing written', async () => {
      let ran = 0;
      jobs.startWorker(tenantProcessor(async () => { ran++; await notes().insert({ title: 'unscoped' }); }));
      const before = await countRows(db().dataSource, 'notes');
      await expect(addTenantJob(jobs.queue, 'write', {})).rejects.toBeInstanceOf(JobContextMissingError);
      await expect(addTenantJob(jobs.queue, 'write', {})).rejects.toMatchObject({ code: 'JOB_CONTEXT_MISSING' });
      // System work is refused too unless it asks for it.
      await expect(withoutTenantScope(() => addTenantJob(jobs.queue, 'write', {}))).rejects.toMatchObject({ code: 'JOB_CONTEXT_MISSING', system: true });
      expect(await jobs.queue.count()).toBe(0);
      expect(await jobs.queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
      expect([ran, await countRows(db().dataSource, 'notes')]).toEqual([0, before]);
    });

    it('a tampered or malformed envelope (or none) fails the job with JOB_CONTEXT_INVALID before the handler runs: nothing read or written', async () => {
      const [a] = tenants;
      let ran = 0;
      jobs.startWorker(tenantProcessor(async () => { ran++; await notes().insert({ title: 'tampered' }); }), { concurrency: 4 });
      const before = await countRows(db().dataSource, 'notes');
      const bad: Record<string, unknown> = {
        'non-UUID tenant': { tenancy: { v: 1, kind: 'tenant', tenantId: 'acme' }, payload: {} },
        'SQL in the tenant': { tenancy: { v: 1, kind: 'tenant', tenantId: `${a}' OR '1'='1` }, payload: {} },
        'missing tenant': { tenancy: { v: 1, kind: 'tenant' }, payload: {} },
        'missing version': { tenancy: { kind: 'tenant', tenantId: a }, payload: {} },
        'missing kind': { tenancy: { v: 1, tenantId: a }, payload: {} },
        'non-UUID actor': { tenancy: { v: 1, kind: 'tenant', tenantId: a, actorId: 'admin' }, payload: {} },
        'extra field': { tenancy: { v: 1, kind: 'tenant', tenantId: a, role: 'admin' }, payload: {} },
        'rewritten to system': { tenancy: { v: 1, kind: 'system' }, payload: {} },
        'no envelope': { invoiceId: 1 },
        'not an object': 'x',
      };
      const added = await Promise.all(Object.entries(bad).map(([name, data]) => jobs.queue.add(name, data)));
      const outcomes = await jobs.settled(added);
      expect(outcomes.map((o, i) => [added[i].name, o.state, o.error instanceof InvalidJobContextError, (o.error as { code?: string }).code])).toEqual(
        added.map((j) => [j.name, 'failed', true, 'JOB_CONTEXT_INVALID']),
      );
      expect(outcomes.map((o) => o.error!.message).join('\n')).not.toContain(a); // the message names fields, not values
      expect([ran, await countRows(db().dataSource, 'notes')]).toEqual([0, before]);
    });

    it('a worker with concurrency 4 never mixes contexts: 60 interleaved jobs of three tenants each see, write and read back only their own', async () => {
      const seenWrong: string[] = [];
      let inFlight = 0;
      let mostInFlight = 0;
      jobs.startWorker(
        tenantProcessor(async (payload: { owner: string; n: number }, job: Job) => {
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          const check = (where: string) => currentTenantId() !== payload.owner && seenWrong.push(`${job.id} ${where}`);
          check('start');
          await sleep(payload.n % 7); // let the other jobs in flight interleave with this one
          check('after a timer');
          const rows = await notes().find();
          if (rows.some((r) => r.tenantId !== payload.owner)) seenWrong.push(`${job.id} read`);
          await notes().insert({ title: `job-${payload.n}`, views: payload.n });
          check('after a write');
          inFlight--;
          return currentTenantId();
        }),
        { concurrency: 4 },
      );
      const added: Job[] = [];
      for (let n = 0; n < 60; n++) {
        const owner = tenants[n % 3];
        added.push(await withTenant(owner, () => addTenantJob(jobs.queue, 'mix', { owner, n })));
      }
      const outcomes = await jobs.settled(added);
      expect(outcomes.filter((o) => o.state !== 'completed').map((o) => o.error?.message)).toEqual([]);
      expect(outcomes.map((o) => o.value)).toEqual(added.map((j) => j.data.payload.owner));
      expect(seenWrong).toEqual([]);
      expect(mostInFlight).toBeGreaterThan(1); // the jobs did overlap
      const written: Array<{ views: number; tenant_id: string }> = await db().dataSource.query(`SELECT views, tenant_id FROM notes WHERE title LIKE 'job-%'`);
      expect(written).toHaveLength(60);
      expect(written.filter((r) => String(r.tenant_id).toLowerCase() !== tenants[r.views % 3])).toEqual([]);
    }, 120_000);

    it('system jobs run unscoped only when both the enqueuer and the worker allow them', async () => {
      const admin = randomUUID();
      jobs.startWorker(
        tenantProcessor(async () => ({ kind: currentScope()?.kind, actor: currentActorId(), total: await notes().count() }), { allowSystem: true }),
      );
      const job = await withoutTenantScope(() => addTenantJob(jobs.queue, 'count', {}, undefined, { allowSystem: true }), { actorId: admin });
      expect(job.data.tenancy).toEqual({ v: 1, kind: 'system', actorId: admin });
      const [outcome] = await jobs.settled([job]);
      expect(outcome).toMatchObject({ state: 'completed', value: { kind: 'system', actor: admin, total: await countRows(db().dataSource, 'notes') } });
    });

    it('listeners of the worker run outside every tenant (the context does not outlive the job)', async () => {
      const [a] = tenants;
      const worker = jobs.startWorker(tenantProcessor(async () => currentTenantId()));
      const inListener: Array<string | undefined> = [];
      worker.on('completed', () => inListener.push(currentScope()?.kind));
      const job = await withTenant(a, () => addTenantJob(jobs.queue, 'noop', {}));
      expect((await jobs.settled([job]))[0]).toMatchObject({ state: 'completed', value: a });
      expect(inListener).toEqual([undefined]);
    });
  });
});
