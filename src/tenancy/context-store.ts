import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContextStore, TenantScope } from './tenant-scope';

/** The default store: one process-wide AsyncLocalStorage. */
export class AsyncLocalStorageStore implements ContextStore {
  private readonly storage = new AsyncLocalStorage<TenantScope>();

  get(): TenantScope | undefined {
    return this.storage.getStore();
  }

  run<T>(scope: TenantScope, fn: () => T): T {
    return this.storage.run(scope, fn);
  }
}

let active: ContextStore = new AsyncLocalStorageStore();

/** The store every context function reads and writes. Internal: swap it with `useContextStore`. */
export function contextStore(): ContextStore {
  return active;
}

/**
 * Replaces the process-wide context store. Call once at start-up, before any `withTenant`.
 * Returns the previous store so tests can put it back.
 *
 * @example
 * useContextStore(new AsyncLocalStorageStore()); // back to the default
 */
export function useContextStore(store: ContextStore): ContextStore {
  const previous = active;
  active = store;
  return previous;
}
