const PATCHED = Symbol.for('typeorm-tenancy.patched');

type AnyFunction = (this: any, ...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every (prototype, method) this library replaced, for the pinned-internals guard. */
export const patchedMethods: Array<{ owner: string; method: string }> = [];

/**
 * Replaces `owner.prototype[method]` with `wrap(original)`, once per process. Throws loudly when the
 * method is missing: that means TypeORM changed and the library must not run unguarded.
 *
 * @example
 * patchMethod(QueryBuilder, 'getParameters', (original) => function () { return original.call(this); });
 */
export function patchMethod(owner: { name: string; prototype: object }, method: string, wrap: (original: AnyFunction) => AnyFunction): void {
  const prototype = owner.prototype as Record<string, AnyFunction & { [PATCHED]?: boolean }>;
  const original = prototype[method];
  if (typeof original !== 'function') {
    throw new Error(`typeorm-tenancy: ${owner.name}.prototype.${method} is missing; this TypeORM version is not supported.`);
  }
  if (original[PATCHED]) return;
  const patched = wrap(original) as AnyFunction & { [PATCHED]?: boolean };
  patched[PATCHED] = true;
  prototype[method] = patched;
  patchedMethods.push({ owner: owner.name, method });
}
