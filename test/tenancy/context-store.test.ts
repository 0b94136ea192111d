import {
  AsyncLocalStorageStore,
  currentScope,
  currentTenantId,
  useContextStore,
  withTenant,
  type ContextStore,
  type TenantScope,
} from '../../src/tenancy';
import { contextStore } from '../../src/tenancy/context-store';

const A = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';
const B = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708193';

/** A synchronous store: enough to prove every reader and writer goes through the active store. */
class StackStore implements ContextStore {
  readonly runs: Array<TenantScope | undefined> = [];
  private stack: Array<TenantScope | undefined> = [];

  get(): TenantScope | undefined {
    return this.stack[this.stack.length - 1];
  }

  run<T>(scope: TenantScope | undefined, fn: () => T): T {
    this.runs.push(scope);
    this.stack.push(scope);
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }
}

describe('useContextStore', () => {
  it('returns the previous store and routes every call through the new one', () => {
    const custom = new StackStore();
    const previous = useContextStore(custom);
    try {
      expect(previous).toBeInstanceOf(AsyncLocalStorageStore);
      expect(contextStore()).toBe(custom);
      expect(withTenant(A, () => currentTenantId())).toBe(A);
      expect(custom.runs).toEqual([{ kind: 'tenant', tenantId: A, actorId: undefined }]);
    } finally {
      expect(useContextStore(previous)).toBe(custom);
    }
    expect(contextStore()).toBe(previous);
  });

  it('work already inside withTenant sees no tenant through a newly installed store (fails closed)', () => {
    const seen = withTenant(A, () => {
      const previous = useContextStore(new AsyncLocalStorageStore());
      try {
        return currentTenantId();
      } finally {
        useContextStore(previous);
      }
    });
    expect(seen).toBeUndefined();
  });

  it.each([[undefined], [null], [{}], [{ get() {} }]])('rejects %p with a TypeError and keeps the active store', (bad) => {
    const before = contextStore();
    expect(() => useContextStore(bad as unknown as ContextStore)).toThrow(TypeError);
    expect(contextStore()).toBe(before);
  });
});

describe('AsyncLocalStorageStore', () => {
  it('run(undefined, fn) runs fn with no scope, then restores the caller scope', () => {
    const store = new AsyncLocalStorageStore();
    const scope: TenantScope = { kind: 'tenant', tenantId: A };
    const seen = store.run(scope, () => [store.run(undefined, () => store.get()), store.get()]);
    expect(seen).toEqual([undefined, scope]);
  });

  it('two instances do not share their scope', () => {
    const one = new AsyncLocalStorageStore();
    const two = new AsyncLocalStorageStore();
    one.run({ kind: 'tenant', tenantId: A }, () => {
      expect(two.get()).toBeUndefined();
      two.run({ kind: 'tenant', tenantId: B }, () => {
        expect(one.get()).toEqual({ kind: 'tenant', tenantId: A });
      });
    });
  });

  it('is the default store', () => {
    expect(contextStore()).toBeInstanceOf(AsyncLocalStorageStore);
    expect(currentScope()).toBeUndefined();
  });
});
