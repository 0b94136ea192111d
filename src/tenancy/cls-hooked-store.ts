import type { ContextStore, TenantScope } from './tenant-scope';
import { useContextStore } from './context-store';

/** The part of a cls-hooked `Namespace` the adapter uses (so cls-hooked stays an optional peer). */
export interface ClsNamespaceLike {
  get(key: string): unknown;
  set<T>(key: string, value: T): T;
  runAndReturn<T>(fn: (...args: unknown[]) => T): T;
}

const KEY = 'typeorm-tenancy:scope';

/** A {@link ContextStore} that keeps the scope in an existing cls-hooked namespace. */
export class ClsHookedStore implements ContextStore {
  constructor(private readonly namespace: ClsNamespaceLike) {}

  get(): TenantScope | undefined {
    // Outside any cls context, namespace.get() returns undefined rather than throwing.
    return this.namespace.get(KEY) as TenantScope | undefined;
  }

  run<T>(scope: TenantScope, fn: () => T): T {
    return this.namespace.runAndReturn(() => {
      this.namespace.set(KEY, scope);
      return fn();
    });
  }
}

/**
 * Opt-in adapter for apps already on cls-hooked: keeps the tenant context in your namespace, so
 * code that reads the namespace and code that calls `withTenant` see one context. Call once at
 * start-up. Returns the previous store.
 *
 * @example
 * import { createNamespace } from 'cls-hooked';
 * useClsHookedNamespace(createNamespace('app'));
 */
export function useClsHookedNamespace(namespace: ClsNamespaceLike): ContextStore {
  return useContextStore(new ClsHookedStore(namespace));
}
