import { TenancyError } from './tenancy-error';

/**
 * An object given to a write has an own `__proto__` (or `constructor`) property, as
 * `JSON.parse('{"__proto__": {...}}')` makes. Copying it onto the entity would replace the entity's
 * prototype (or its constructor) and switch its class-validator rules off. Thrown before anything
 * is written.
 *
 * @example
 * await withTenant(t, () => repo.save(JSON.parse('{"__proto__": {}, "title": "x"}'))); // ENTITY_KEY_UNSAFE
 */
export class UnsafeEntityKeyError extends TenancyError {
  readonly code = 'ENTITY_KEY_UNSAFE' as const;

  /**
   * @param operation e.g. `insert into Note`
   * @param key the offending own property, `__proto__` or `constructor`
   */
  constructor(readonly operation: string, readonly key: string) {
    super(
      `${operation} refused: the object has an own '${key}' property (typically from JSON.parse of request input), ` +
        "which would replace the entity's prototype and skip its validation, so nothing was written. Copy the " +
        "entity's fields into a fresh object (repository.create({ title: body.title })), or parse input with a " +
        `schema that drops '${key}'.`,
    );
  }
}
