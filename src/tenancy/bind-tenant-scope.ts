import { contextStore } from './context-store';

/**
 * Returns a wrapper of `fn` that always runs in the scope current now (tenant, system or none),
 * whoever calls it later. Needed for event listeners, which otherwise run in the context of the
 * `emit()` call: a listener registered by tenant A's request on a shared emitter would run as
 * tenant B when B's request emits. Bound outside any scope, the wrapper runs with no scope.
 *
 * @example
 * await withTenant(tenantId, async () => {
 *   jobs.on('done', bindTenantScope((job) => audit.save({ job }))); // always as tenantId
 * });
 */
export function bindTenantScope<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  if (typeof fn !== 'function') throw new TypeError('bindTenantScope(fn): fn must be a function.');
  const store = contextStore();
  const scope = store.get();
  return function tenantScoped(this: unknown, ...args: A): R {
    return store.run(scope, () => fn.apply(this, args));
  };
}
