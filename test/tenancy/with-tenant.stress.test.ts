import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { describeEachStore } from '../support/context-stores';
import {
  currentActorId,
  currentScope,
  currentTenantId,
  withoutTenantScope,
  withTenant,
} from '../../src/tenancy';

/**
 * 1,000 requests interleaved on one event loop, each awaiting a random mix of timers, immediates,
 * ticks, microtasks and events: none may ever observe another request's tenant or actor. Seeded,
 * so a failure replays; nothing here measures time.
 */
const TASKS = 1000;
const STEPS = 6;


/** mulberry32: a tiny seeded PRNG, so every run interleaves the same way. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomWait(random: () => number): Promise<void> {
  const kind = Math.floor(random() * 6);
  const delay = Math.floor(random() * 4);
  switch (kind) {
    case 0:
      return new Promise((resolve) => setTimeout(resolve, delay));
    case 1:
      return new Promise((resolve) => setImmediate(resolve));
    case 2:
      return new Promise((resolve) => process.nextTick(resolve));
    case 3:
      return new Promise((resolve) => queueMicrotask(resolve));
    case 4: {
      const emitter = new EventEmitter();
      const done = new Promise<void>((resolve) => emitter.once('done', () => resolve()));
      setTimeout(() => emitter.emit('done'), delay);
      return done;
    }
    default:
      return Promise.resolve();
  }
}

describeEachStore('%s under 1,000 concurrent withTenant tasks', () => {

  it('every task only ever sees its own tenant and actor', async () => {
    const random = seededRandom(0x7e4a47);
    const tasks = Array.from({ length: TASKS }, () => ({ tenantId: randomUUID(), actorId: randomUUID() }));
    const violations: string[] = [];
    let checks = 0;
    let expectedChecks = 0;

    const expectScope = (task: number, where: string, tenantId: string | undefined, actorId: string | undefined) => {
      checks += 1;
      const seenTenant = currentTenantId();
      const seenActor = currentActorId();
      if (seenTenant !== tenantId || seenActor !== actorId) {
        violations.push(`task ${task} at ${where}: saw ${seenTenant}/${seenActor}, expected ${tenantId}/${actorId}`);
      }
    };

    const runTask = (i: number): Promise<void> => {
      const { tenantId, actorId } = tasks[i];
      const own = (where: string) => expectScope(i, where, tenantId, actorId);
      const other = tasks[(i + 1) % TASKS];
      expectedChecks += 1 + STEPS + 3 + (i % 10 === 0 ? 3 : 0) + (i % 7 === 0 ? 2 : 0);

      return withTenant(
        tenantId,
        async () => {
          own('start');
          for (let step = 0; step < STEPS; step += 1) {
            await randomWait(random);
            own(`step ${step}`);
          }
          // Callbacks started inside, running in parallel with each other.
          await Promise.all([
            new Promise<void>((resolve) => setTimeout(() => (own('parallel timeout'), resolve()), Math.floor(random() * 4))),
            new Promise<void>((resolve) => setImmediate(() => (own('parallel immediate'), resolve()))),
          ]);
          if (i % 10 === 0) {
            // Nested into a neighbour's tenant: the inner sees it, the outer is restored.
            await withTenant(other.tenantId, async () => {
              await randomWait(random);
              expectScope(i, 'nested tenant', other.tenantId, undefined);
            });
            own('after nested tenant');
            await randomWait(random);
            own('after nested tenant + wait');
          }
          if (i % 7 === 0) {
            await withoutTenantScope(async () => {
              await randomWait(random);
              expectScope(i, 'system', undefined, undefined);
              if (currentScope()?.kind !== 'system') violations.push(`task ${i}: system scope lost`);
            });
            own('after system');
          }
          await randomWait(random);
          own('end');
        },
        { actorId },
      );
    };

    // Half start synchronously from the test, half from callbacks created outside any scope.
    await Promise.all(
      tasks.map((_task, i) =>
        i % 2 === 0 ? runTask(i) : new Promise<void>((resolve, reject) => setImmediate(() => runTask(i).then(resolve, reject))),
      ),
    );

    expect(violations).toEqual([]);
    expect(checks).toBe(expectedChecks);
    expect(currentScope()).toBeUndefined();
  });
});
