import { randomBytes } from 'node:crypto';
import { Queue, Worker, type Job, type Processor, type WorkerOptions } from 'bullmq';
import { redisConnection } from '../support/redis';

/** How one job ended, as the worker reported it. */
export interface Outcome {
  readonly id: string;
  readonly state: 'completed' | 'failed';
  readonly value?: unknown;
  readonly error?: Error;
}

/** A real BullMQ queue on the test Redis, under a random key prefix of its own, with at most one worker. */
export interface TestQueue {
  readonly queue: Queue;
  /** Starts the worker; every job's outcome is recorded from then on. */
  startWorker(processor: Processor, options?: Partial<WorkerOptions>): Worker;
  /** Resolves with the outcomes of these jobs once each has completed or failed (the worker must run). */
  settled(jobs: ReadonlyArray<Pick<Job, 'id'>>): Promise<Outcome[]>;
  /** Closes the worker and queue, and deletes every key of the queue (obliterate). Other queues are left alone. */
  close(): Promise<void>;
}

/** Opens a queue named `tt-jobs-<random>` with prefix `tt-jobs-<random>`: never shared with another test or session. */
export async function openTestQueue(): Promise<TestQueue> {
  const id = randomBytes(6).toString('hex');
  const common = { connection: redisConnection(), prefix: `tt-jobs-${id}` };
  const queue = new Queue(`tt-jobs-${id}`, common);
  await queue.waitUntilReady();
  let worker: Worker | undefined;
  const outcomes = new Map<string, Outcome>();
  const waiters = new Set<() => void>();
  const record = (outcome: Outcome) => {
    outcomes.set(outcome.id, outcome);
    for (const wake of waiters) wake();
  };
  return {
    queue,
    startWorker(processor, options = {}) {
      worker = new Worker(queue.name, processor, { ...common, ...options });
      worker.on('completed', (job, value) => record({ id: job.id!, state: 'completed', value }));
      worker.on('failed', (job, error) => job && record({ id: job.id!, state: 'failed', error }));
      return worker;
    },
    settled(jobs) {
      const ids = jobs.map((j) => j.id!);
      return new Promise((resolve) => {
        const check = () => {
          if (!ids.every((i) => outcomes.has(i))) return;
          waiters.delete(check);
          resolve(ids.map((i) => outcomes.get(i)!));
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await worker?.close();
      await queue.obliterate({ force: true });
      await queue.close();
    },
  };
}
