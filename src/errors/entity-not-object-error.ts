import { TenancyError } from './tenancy-error';

/**
 * A value given to save/insert/upsert (or one item of an array given to them) is not an entity
 * object: a string, a number, `null`, an array. Often `save([id])` meant to act on rows by id.
 * Thrown before anything is written. The message names the type only, never the value.
 *
 * @example
 * await withTenant(t, () => repo.save(['0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192'] as never)); // ENTITY_NOT_OBJECT
 */
export class EntityNotObjectError extends TenancyError {
  readonly code = 'ENTITY_NOT_OBJECT' as const;

  /**
   * @param operation e.g. `save of Note`
   * @param valueType what was given instead: `string`, `number`, `null`, `array`, …
   */
  constructor(readonly operation: string, readonly valueType: string) {
    super(
      `${operation} refused: got a ${valueType} where an entity object was expected, so nothing was written. ` +
        'Pass objects, e.g. save([{ title }]) or repository.create({ ... }); to change or remove rows by id use ' +
        'update(id, values) or delete(ids).',
    );
  }
}
