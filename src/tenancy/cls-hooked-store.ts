import type { ContextStore, TenantScope } from './tenant-scope';
import { useContextStore } from './context-store';

/**
 * The part of a cls-hooked `Namespace` the adapter uses. Declared here (type-only) so that
 * cls-hooked stays an optional peer dependency: nothing in this library requires it at runtime.
 *
 * @example
 * import { createNamespace } from 'cls-hooked';
 * const ns: ClsNamespaceLike = createNamespace('app');
 */
export interface ClsNamespaceLike {
  get(key: string): unknown;
  set<T>(key: string, value: T): T;
  runAndReturn<T>(fn: (...args: unknown[]) => T): T;
}

const KEY = 'typeorm-tenancy:scope';

/**
 * A {@link ContextStore} that keeps the scope in an existing cls-hooked namespace, under one key of
 * a child context. Values the app set in its enclosing namespace context stay visible inside
 * `withTenant` (child contexts inherit), and the app's own `ns.run` inside `withTenant` still sees
 * the tenant.
 *
 * @example
 * useContextStore(new ClsHookedStore(createNamespace('app'))); // what useClsHookedNamespace does
 */
export class ClsHookedStore implements ContextStore {
  constructor(private readonly namespace: ClsNamespaceLike) {}

  get(): TenantScope | undefined {
    // Outside any cls context, namespace.get() returns undefined rather than throwing.
    return this.namespace.get(KEY) as TenantScope | undefined;
  }

  run<T>(scope: TenantScope | undefined, fn: () => T): T {
    // runAndReturn, not runPromise: runAndReturn leaves the context as soon as `fn` returns, and the
    // async_hooks of cls-hooked carry it into the promise's continuations. runPromise stays entered
    // until the promise settles, so the caller's code after `withTenant(...)` (and every timer or
    // promise it creates meanwhile) would run as that tenant.
    //
    // A throw is caught inside and rethrown outside: cls-hooked's run() writes
    // `error['error@context'] = context` on whatever is thrown, which turns `throw 'x'` or a frozen
    // error into a TypeError and pins the whole context (tenant included) to the error object.
    let failed = false;
    let failure: unknown;
    const result = this.namespace.runAndReturn(() => {
      this.namespace.set(KEY, scope);
      try {
        return fn();
      } catch (error) {
        failed = true;
        failure = error;
        return undefined as T;
      }
    });
    if (failed) throw failure;
    return result;
  }
}

/**
 * Opt-in adapter for apps already on cls-hooked: keeps the tenant context in your namespace, so
 * code that reads the namespace and code that calls `withTenant` see one context. Call once at
 * start-up, before any `withTenant`. Returns the previous store.
 *
 * cls-hooked follows the same callbacks as AsyncLocalStorage (promises, timers, nextTick,
 * setImmediate, I/O), with the same rule for event listeners: they run in the context of the
 * `emit()` call; pin one with `bindTenantScope`.
 *
 * @example
 * import { createNamespace } from 'cls-hooked';
 * const ns = createNamespace('app');
 * const previous = useClsHookedNamespace(ns);
 * ns.run(() => { ns.set('requestId', rid); withTenant(tenantId, handle); }); // handle sees both
 */
export function useClsHookedNamespace(namespace: ClsNamespaceLike): ContextStore {
  if (!namespace || typeof namespace.runAndReturn !== 'function') {
    throw new TypeError('useClsHookedNamespace(ns): ns must be a cls-hooked Namespace (createNamespace(name)).');
  }
  return useContextStore(new ClsHookedStore(namespace));
}
