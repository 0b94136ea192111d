import { AsyncLocalStorage } from 'node:async_hooks';

const lifted = new AsyncLocalStorage<ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

/** Names of the user scopes lifted in the current async context. Internal. */
export function liftedScopes(): ReadonlySet<string> {
  return lifted.getStore() ?? NONE;
}

/**
 * Runs `fn` with the named scopes lifted for every query inside it (repositories, query builders,
 * relation loading). Lifts only user scopes and `softDelete` (like `withDeleted()`, but for every
 * query including bulk updates); the tenant scope is lifted by `withoutTenantScope` alone, and
 * naming it here throws. Nested calls add to the lifted set.
 *
 * @example
 * const drafts = await withoutScopes(['published'], () => conferences.find());
 * await withoutScopes(['softDelete'], () => notes.update({ title: 'x' }, { views: 0 }));
 */
export function withoutScopes<T>(names: readonly string[], fn: () => T): T {
  if (names.includes('tenant')) {
    throw new TypeError("The tenant scope cannot be lifted with withoutScopes(); use withoutTenantScope(fn) for deliberate system work.");
  }
  return lifted.run(new Set([...liftedScopes(), ...names]), fn);
}
