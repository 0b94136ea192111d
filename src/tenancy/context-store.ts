import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContextStore, TenantScope } from './tenant-scope';

/**
 * The default store: an AsyncLocalStorage owned by this instance. The scope follows promises
 * (bound where `then`/`await` is called), timers, `process.nextTick`, `setImmediate` and I/O
 * callbacks created inside `run`; it is restored for the caller as soon as `run` returns or throws.
 *
 * @example
 * const previous = useContextStore(new AsyncLocalStorageStore()); // fresh, empty default store
 */
export class AsyncLocalStorageStore implements ContextStore {
  private readonly storage = new AsyncLocalStorage<TenantScope>();

  get(): TenantScope | undefined {
    return this.storage.getStore();
  }

  run<T>(scope: TenantScope | undefined, fn: () => T): T {
    // `run(undefined, fn)` (not `exit`) so that the store is explicitly empty inside `fn`.
    return this.storage.run(scope as TenantScope, fn);
  }
}

let active: ContextStore = new AsyncLocalStorageStore();

/**
 * The store every context function reads and writes. Internal: swap it with `useContextStore`.
 *
 * @example
 * const scope = contextStore().get();
 */
export function contextStore(): ContextStore {
  return active;
}

/**
 * Replaces the process-wide context store and returns the previous one, so tests can put it back.
 * Call it once at start-up, before any `withTenant`: work already running inside `withTenant` keeps
 * its scope in the old store and sees no tenant through the new one (fail closed, not a leak).
 *
 * @example
 * const previous = useContextStore(new AsyncLocalStorageStore());
 * try { await runSuite(); } finally { useContextStore(previous); }
 */
export function useContextStore(store: ContextStore): ContextStore {
  if (!store || typeof store.get !== 'function' || typeof store.run !== 'function') {
    throw new TypeError('useContextStore(store): store must have get() and run(scope, fn) methods.');
  }
  const previous = active;
  active = store;
  return previous;
}
