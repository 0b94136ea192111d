import { EventEmitter } from 'node:events';
import { describeEachStore } from '../support/context-stores';
import {
  bindTenantScope,
  currentActorId,
  currentScope,
  currentTenantId,
  withoutTenantScope,
  withTenant,
} from '../../src/tenancy';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const B = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708193';
const ACTOR = '0190a6a4-0000-7000-8000-000000000001';


describeEachStore('event listeners and bindTenantScope on %s', () => {

  it('an unbound listener runs in the context of emit(), not where it was registered', () => {
    const shared = new EventEmitter();
    const seen: Array<string | undefined> = [];
    withTenant(A, () => shared.on('event', () => seen.push(currentTenantId())));
    withTenant(B, () => shared.emit('event'));
    shared.emit('event');
    expect(seen).toEqual([B, undefined]);
  });

  it('a bound listener keeps the tenant and actor it was bound in, whoever emits', async () => {
    const shared = new EventEmitter();
    const seen: unknown[] = [];
    withTenant(
      A,
      () => shared.on('event', bindTenantScope(() => seen.push([currentTenantId(), currentActorId()]))),
      { actorId: ACTOR },
    );
    withTenant(B, () => shared.emit('event'));
    shared.emit('event');
    await new Promise<void>((resolve) => setTimeout(() => resolve(void shared.emit('event')), 1));
    expect(seen).toEqual([
      [A, ACTOR],
      [A, ACTOR],
      [A, ACTOR],
    ]);
  });

  it('the bound tenant also holds in async work the bound function starts', async () => {
    const bound = withTenant(A, () =>
      bindTenantScope(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return currentTenantId();
      }),
    );
    await expect(withTenant(B, () => bound())).resolves.toBe(A);
  });

  it('bound outside any scope, it runs with no scope even when called inside withTenant', () => {
    const bound = bindTenantScope(() => currentScope());
    expect(withTenant(B, () => bound())).toBeUndefined();
  });

  it('keeps a system scope', () => {
    const bound = withoutTenantScope(() => bindTenantScope(() => currentScope()?.kind));
    expect(withTenant(B, () => bound())).toBe('system');
  });

  it('passes arguments and this through, returns the result, and restores the caller scope', () => {
    const bound = withTenant(A, () =>
      bindTenantScope(function (this: { base: number }, x: number, y: number) {
        return this.base + x + y;
      }),
    );
    const target = { base: 1, bound };
    expect(withTenant(B, () => [target.bound(2, 3), currentTenantId()])).toEqual([6, B]);
  });

  it('rethrows and restores the caller scope', () => {
    const bound = withTenant(A, () =>
      bindTenantScope(() => {
        throw new Error('listener failed');
      }),
    );
    withTenant(B, () => {
      expect(() => bound()).toThrow('listener failed');
      expect(currentTenantId()).toBe(B);
    });
  });

  it('rejects a non-function', () => {
    expect(() => bindTenantScope(42 as never)).toThrow(TypeError);
  });
});
