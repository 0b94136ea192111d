import { PATCH_POINTS } from '../typeorm-internals';

const PATCHED = Symbol.for('typeorm-tenancy.patched');

type AnyFunction = (this: any, ...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Patched = AnyFunction & { [PATCHED]?: AnyFunction };

/** Patch points replaced in this process, with the original they wrap. */
export const patchedMethods = new Map<string, AnyFunction>();

/**
 * Replaces `owner.prototype[method]` with `wrap(original)`, once per process. Refuses (loudly) a
 * method that is not a registered patch point, is missing, or whose parameter count changed: that
 * means TypeORM changed and the layer must not run unguarded.
 *
 * @example
 * patchMethod(QueryBuilder, 'getParameters', (original) => function () { return original.call(this); });
 */
export function patchMethod(owner: { name: string; prototype: object }, method: string, wrap: (original: AnyFunction) => AnyFunction): void {
  const key = `${owner.name}.${method}`;
  const prototype = owner.prototype as Record<string, Patched>;
  const current = prototype[method];
  if (current?.[PATCHED]) return;
  const expected = PATCH_POINTS[key];
  if (expected === undefined) throw new Error(`typeorm-tenancy: ${key} is not a registered patch point.`);
  if (typeof current !== 'function' || current.length !== expected) {
    throw new Error(
      `typeorm-tenancy: TypeORM's ${key} is ${typeof current === 'function' ? `declared with ${current.length} parameters, not ${expected}` : 'missing'}; ` +
        'this TypeORM version is not supported.',
    );
  }
  const patched: Patched = wrap(current);
  patched[PATCHED] = current;
  prototype[method] = patched;
  patchedMethods.set(key, current);
}
