import { EventEmitter, once } from 'node:events';
import { describeEachStore } from '../support/context-stores';
import { InvalidActorIdError, InvalidTenantIdError, TenancyError } from '../../src/errors';
import {
  currentActorId,
  currentScope,
  currentTenantId,
  parseTenantId,
  withoutTenantScope,
  withTenant,
} from '../../src/tenancy';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const B = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708193';
const C = '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'; // v4: tenant ids from an existing schema
const ACTOR = '0190a6a4-0000-7000-8000-000000000001';
const ACTOR2 = '0190a6a4-0000-7000-8000-000000000002';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));
const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));


describe('parseTenantId', () => {
  it.each([
    ['v1', 'c232ab00-9414-11ec-b3c8-9e6bdeced846'],
    ['v3', '5df41881-3aed-3515-88a7-2f4a814cf09e'],
    ['v4', C],
    ['v5', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['v6', '1ec9414c-232a-6b00-b3c8-9e6bdeced846'],
    ['v7', A],
    ['v8', '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0'],
  ])('accepts a canonical %s UUID', (_version, id) => {
    expect(parseTenantId(id)).toBe(id);
  });

  it('lowercases', () => {
    expect(parseTenantId(A.toUpperCase())).toBe(A);
  });

  it.each([
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['max', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['version 0', '0190a6a4-8c1e-0b3a-9f2d-4c5e6f708192'],
    ['version 9', '0190a6a4-8c1e-9b3a-9f2d-4c5e6f708192'],
    ['variant 110', '0190a6a4-8c1e-7b3a-cf2d-4c5e6f708192'],
    ['variant 0', '0190a6a4-8c1e-7b3a-1f2d-4c5e6f708192'],
    ['braces', `{${A}}`],
    ['urn', `urn:uuid:${A}`],
    ['spaces', ` ${A} `],
    ['trailing newline', `${A}\n`],
    ['no dashes', A.replace(/-/g, '')],
    ['a slug', 'acme'],
    ['empty', ''],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { id: A }],
    ['a BigInt', 10n],
  ])('rejects %s with TENANT_ID_INVALID', (_what, value) => {
    let thrown: unknown;
    try {
      parseTenantId(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidTenantIdError);
    expect(thrown).toBeInstanceOf(TenancyError);
    expect((thrown as InvalidTenantIdError).code).toBe('TENANT_ID_INVALID');
    expect((thrown as Error).message).toMatch(/expected a UUID/);
  });

  it('rejects a cyclic object with TENANT_ID_INVALID (the message never throws)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => parseTenantId(cyclic)).toThrow(InvalidTenantIdError);
  });
});

describeEachStore('withTenant / withoutTenantScope on %s', () => {

  describe('withTenant', () => {
    it('returns what a sync fn returns, and runs fn before returning', () => {
      const seen: Array<string | undefined> = [];
      const result = withTenant(A, () => {
        seen.push(currentTenantId());
        return 42;
      });
      expect(result).toBe(42);
      expect(seen).toEqual([A]);
      expect(currentTenantId()).toBeUndefined();
    });

    it('returns the promise of an async fn, which resolves to its value', async () => {
      const promise = withTenant(A, async () => {
        await tick();
        return currentTenantId();
      });
      expect(promise).toBeInstanceOf(Promise);
      await expect(promise).resolves.toBe(A);
    });

    it('stores the tenant id lowercased', () => {
      expect(withTenant(A.toUpperCase(), () => currentTenantId())).toBe(A);
    });

    it('accepts a non-v7 tenant id', () => {
      expect(withTenant(C, () => currentTenantId())).toBe(C);
    });

    it('has no tenant outside', () => {
      expect(currentTenantId()).toBeUndefined();
      expect(currentScope()).toBeUndefined();
    });

    it('throws TENANT_ID_INVALID before fn runs', () => {
      const fn = jest.fn();
      let thrown: unknown;
      try {
        withTenant('acme', fn);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidTenantIdError);
      expect((thrown as InvalidTenantIdError).code).toBe('TENANT_ID_INVALID');
      expect(fn).not.toHaveBeenCalled();
    });

    it('throws synchronously for an invalid id even when fn is async (no rejected promise)', () => {
      const fn = jest.fn(async () => 1);
      expect(() => withTenant('00000000-0000-0000-0000-000000000000', fn)).toThrow(InvalidTenantIdError);
      expect(fn).not.toHaveBeenCalled();
    });

    it('throws ACTOR_ID_INVALID before fn runs when actorId is not a UUID', () => {
      const fn = jest.fn();
      expect(() => withTenant(A, fn, { actorId: 'bob' })).toThrow(InvalidActorIdError);
      expect(() => withTenant(A, fn, { actorId: 'bob' })).toThrow(expect.objectContaining({ code: 'ACTOR_ID_INVALID' }));
      expect(() => withTenant(A, fn, { actorId: 10n as unknown as string })).toThrow(/actorId/);
      expect(fn).not.toHaveBeenCalled();
    });

    it('rethrows what a sync fn throws, unchanged, and restores the caller scope', () => {
      const error = new Error('boom');
      expect(() =>
        withTenant(A, () => {
          throw error;
        }),
      ).toThrow(error);
      expect(currentScope()).toBeUndefined();
    });

    it.each([
      ['a string', 'boom'],
      ['undefined', undefined],
      ['a frozen error', Object.freeze(new Error('frozen'))],
    ])('rethrows %s unchanged and adds nothing to it', (_what, thrown) => {
      let caught: unknown = 'nothing';
      try {
        withTenant(A, () => {
          throw thrown;
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBe(thrown);
      if (thrown instanceof Error) expect(Object.keys(thrown)).toEqual([]);
    });

    it('passes a rejection through unchanged', async () => {
      const error = new Error('boom');
      await expect(
        withTenant(A, async () => {
          await tick();
          throw error;
        }),
      ).rejects.toBe(error);
      expect(currentScope()).toBeUndefined();
    });

    it('leaves the caller unscoped while the async fn is still running', async () => {
      const promise = withTenant(A, async () => {
        await tick();
        return currentTenantId();
      });
      expect(currentTenantId()).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(currentTenantId()).toBeUndefined();
      await expect(promise).resolves.toBe(A);
    });
  });

  describe('propagation to callbacks started inside', () => {
    it('holds across awaits of every kind', async () => {
      const seen = await withTenant(A, async () => {
        const out: Array<string | undefined> = [];
        await null;
        out.push(currentTenantId());
        await tick();
        out.push(currentTenantId());
        await immediate();
        out.push(currentTenantId());
        await nextTick();
        out.push(currentTenantId());
        await Promise.all([tick(), immediate(), nextTick()]);
        out.push(currentTenantId());
        await Promise.race([tick(), immediate()]);
        out.push(currentTenantId());
        return out;
      });
      expect(seen).toEqual([A, A, A, A, A, A]);
    });

    it('holds in setTimeout, setImmediate, process.nextTick, queueMicrotask and setInterval callbacks', async () => {
      const seen = await withTenant(A, () => {
        const timeout = new Promise((resolve) => setTimeout(() => resolve(currentTenantId()), 2));
        const imm = new Promise((resolve) => setImmediate(() => resolve(currentTenantId())));
        const tickP = new Promise((resolve) => process.nextTick(() => resolve(currentTenantId())));
        const micro = new Promise((resolve) => queueMicrotask(() => resolve(currentTenantId())));
        const interval = new Promise((resolve) => {
          const seenByInterval: Array<string | undefined> = [];
          const handle = setInterval(() => {
            seenByInterval.push(currentTenantId());
            if (seenByInterval.length === 3) {
              clearInterval(handle);
              resolve(seenByInterval);
            }
          }, 1);
        });
        return Promise.all([timeout, imm, tickP, micro, interval]);
      });
      expect(seen).toEqual([A, A, A, A, [A, A, A]]);
    });

    it('holds in timers nested in timers', async () => {
      const seen = await withTenant(A, () =>
        new Promise((resolve) =>
          setTimeout(() => setImmediate(() => process.nextTick(() => setTimeout(() => resolve(currentTenantId()), 1))), 1),
        ),
      );
      expect(seen).toBe(A);
    });

    it('holds along promise chains: then, catch, finally', async () => {
      const seen: Array<string | undefined> = [];
      await withTenant(A, () =>
        Promise.resolve(1)
          .then(() => {
            seen.push(currentTenantId());
            return tick();
          })
          .then(() => {
            seen.push(currentTenantId());
            throw new Error('x');
          })
          .catch(() => {
            seen.push(currentTenantId());
          })
          .finally(() => {
            seen.push(currentTenantId());
          }),
      );
      expect(seen).toEqual([A, A, A, A]);
    });

    it('holds in a callback attached inside to a promise created outside', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const inside = withTenant(A, () => gate.then(() => currentTenantId()));
      setTimeout(release, 1); // resolved from outside any scope
      await expect(inside).resolves.toBe(A);
    });

    it('holds in EventEmitter listeners registered inside, emitted from a timer started inside', async () => {
      const seen = await withTenant(A, async () => {
        const emitter = new EventEmitter();
        const received = new Promise((resolve) => emitter.on('data', () => resolve(currentTenantId())));
        setTimeout(() => emitter.emit('data'), 1);
        return Promise.all([received, once(emitter, 'data').then(() => currentTenantId())]);
      });
      expect(seen).toEqual([A, A]);
    });

    it('holds in async generators and for-await loops', async () => {
      async function* ids() {
        for (let i = 0; i < 3; i += 1) {
          await tick();
          yield currentTenantId();
        }
      }
      const seen = await withTenant(A, async () => {
        const out: Array<string | undefined> = [];
        for await (const id of ids()) out.push(id, currentTenantId());
        return out;
      });
      expect(seen).toEqual([A, A, A, A, A, A]);
    });
  });

  describe('no leak into callbacks started outside', () => {
    it('a timer created outside does not see a tenant that is current when it fires', async () => {
      let fromOutside: string | undefined = 'unset';
      const outsideTimer = new Promise<void>((resolve) =>
        setTimeout(() => {
          fromOutside = currentTenantId();
          resolve();
        }, 2),
      );
      await withTenant(A, async () => {
        await outsideTimer; // the outside timer fires while this tenant is waiting for it
      });
      expect(fromOutside).toBeUndefined();
    });

    it('a then() attached outside to a promise resolved inside does not see the tenant', async () => {
      let inner!: Promise<void>;
      withTenant(A, () => {
        inner = tick();
      });
      const seen = await inner.then(() => currentTenantId());
      expect(seen).toBeUndefined();
    });

    it('work started by the caller after withTenant returned does not see the tenant', async () => {
      const task = withTenant(A, () => tick());
      const afterwards = await new Promise((resolve) => setTimeout(() => resolve(currentTenantId()), 1));
      await task;
      expect(afterwards).toBeUndefined();
    });
  });

  describe('nesting', () => {
    it('inner withTenant overrides; outer restored after it returns', () => {
      const seen = withTenant(A, () => {
        const inner = withTenant(B, () => currentTenantId());
        return [inner, currentTenantId()];
      });
      expect(seen).toEqual([B, A]);
    });

    it('outer restored after the inner throws', () => {
      const seen = withTenant(A, () => {
        try {
          withTenant(B, () => {
            throw new Error('inner');
          });
        } catch {
          // expected
        }
        return currentTenantId();
      });
      expect(seen).toBe(A);
    });

    it('outer restored after the inner rejects, across awaits', async () => {
      const seen = await withTenant(A, async () => {
        const out: Array<string | undefined> = [];
        try {
          await withTenant(B, async () => {
            await tick();
            out.push(currentTenantId());
            throw new Error('inner');
          });
        } catch {
          out.push(currentTenantId());
        }
        await tick();
        out.push(currentTenantId());
        return out;
      });
      expect(seen).toEqual([B, A, A]);
    });

    it('outer continues as itself while an inner async call is still running', async () => {
      const seen = await withTenant(A, async () => {
        const inner = withTenant(B, async () => {
          await tick();
          await immediate();
          return currentTenantId();
        });
        const outerDuring = currentTenantId();
        await immediate();
        const outerLater = currentTenantId();
        return [await inner, outerDuring, outerLater, currentTenantId()];
      });
      expect(seen).toEqual([B, A, A, A]);
    });

    it('three levels deep, each level restored', async () => {
      const seen = await withTenant(A, async () => {
        const out: Array<string | undefined> = [];
        await withTenant(B, async () => {
          await withTenant(C, async () => {
            await tick();
            out.push(currentTenantId());
          });
          out.push(currentTenantId());
        });
        out.push(currentTenantId());
        return out;
      });
      expect(seen).toEqual([C, B, A]);
    });

    it('withoutTenantScope inside withTenant lifts the scope, then restores it (return, throw, reject)', async () => {
      const seen = await withTenant(A, async () => {
        const out: unknown[] = [];
        out.push(withoutTenantScope(() => [currentScope()?.kind, currentTenantId()]));
        out.push(currentTenantId());
        try {
          withoutTenantScope(() => {
            throw new Error('sync');
          });
        } catch {
          out.push(currentTenantId());
        }
        try {
          await withoutTenantScope(async () => {
            await tick();
            out.push(currentScope()?.kind);
            throw new Error('async');
          });
        } catch {
          out.push(currentTenantId());
        }
        await immediate();
        out.push(currentTenantId());
        return out;
      });
      expect(seen).toEqual([['system', undefined], A, A, 'system', A, A]);
    });

    it('withTenant inside withoutTenantScope scopes again; system restored after', async () => {
      const seen = await withoutTenantScope(async () => {
        const inner = await withTenant(B, async () => {
          await tick();
          return [currentScope()?.kind, currentTenantId()];
        });
        return [inner, currentScope()?.kind, currentTenantId()];
      });
      expect(seen).toEqual([['tenant', B], 'system', undefined]);
      expect(currentScope()).toBeUndefined();
    });

    it('same tenant nested: still that tenant after the inner returns', () => {
      expect(withTenant(A, () => [withTenant(A, () => currentTenantId()), currentTenantId()])).toEqual([A, A]);
    });
  });

  describe('actor', () => {
    it('is the given actorId, lowercased', () => {
      expect(withTenant(A, () => currentActorId(), { actorId: ACTOR.toUpperCase() })).toBe(ACTOR);
    });

    it('is undefined when not given', () => {
      expect(withTenant(A, () => currentActorId())).toBeUndefined();
    });

    it('is inherited by an inner withTenant for the same tenant (also spelled in upper case)', () => {
      const seen = withTenant(A, () => withTenant(A.toUpperCase(), () => currentActorId()), { actorId: ACTOR });
      expect(seen).toBe(ACTOR);
    });

    it('is not inherited by an inner withTenant for another tenant', () => {
      expect(withTenant(A, () => withTenant(B, () => currentActorId()), { actorId: ACTOR })).toBeUndefined();
    });

    it('an inner actorId overrides, and the outer actor is restored after', () => {
      const seen = withTenant(
        A,
        () => [withTenant(A, () => currentActorId(), { actorId: ACTOR2 }), currentActorId()],
        { actorId: ACTOR },
      );
      expect(seen).toEqual([ACTOR2, ACTOR]);
    });

    it('holds across awaits and timers', async () => {
      const seen = await withTenant(
        A,
        async () => {
          await tick();
          return new Promise((resolve) => setImmediate(() => resolve(currentActorId())));
        },
        { actorId: ACTOR },
      );
      expect(seen).toBe(ACTOR);
    });

    it('withoutTenantScope takes only its own actorId (no inheritance)', () => {
      const seen = withTenant(
        A,
        () => [withoutTenantScope(() => currentActorId()), withoutTenantScope(() => currentActorId(), { actorId: ACTOR2 })],
        { actorId: ACTOR },
      );
      expect(seen).toEqual([undefined, ACTOR2]);
    });

    it('a withTenant inside withoutTenantScope does not inherit the system actor', () => {
      expect(withoutTenantScope(() => withTenant(A, () => currentActorId()), { actorId: ACTOR })).toBeUndefined();
    });

    it('withoutTenantScope rejects an invalid actorId before fn runs', () => {
      const fn = jest.fn();
      expect(() => withoutTenantScope(fn, { actorId: 'root' })).toThrow(InvalidActorIdError);
      expect(fn).not.toHaveBeenCalled();
    });
  });

  describe('withoutTenantScope', () => {
    it("returns fn's value with scope kind 'system' and no tenant", () => {
      expect(withoutTenantScope(() => currentScope())).toEqual({ kind: 'system', actorId: undefined });
      expect(withoutTenantScope(() => currentTenantId())).toBeUndefined();
      expect(currentScope()).toBeUndefined();
    });

    it('holds the system scope across awaits and timers', async () => {
      const seen = await withoutTenantScope(async () => {
        await tick();
        return new Promise((resolve) => process.nextTick(() => resolve(currentScope()?.kind)));
      });
      expect(seen).toBe('system');
    });

    it('rethrows and rejects unchanged', async () => {
      const error = new Error('boom');
      expect(() =>
        withoutTenantScope(() => {
          throw error;
        }),
      ).toThrow(error);
      await expect(withoutTenantScope(() => Promise.reject(error))).rejects.toBe(error);
    });
  });

  it('scopes are frozen: nobody can change the tenant of a running async tree', () => {
    withTenant(A, () => {
      const scope = currentScope() as { tenantId: string };
      expect(Object.isFrozen(scope)).toBe(true);
      expect(() => {
        scope.tenantId = B;
      }).toThrow(TypeError);
      expect(currentTenantId()).toBe(A);
    });
  });
});
