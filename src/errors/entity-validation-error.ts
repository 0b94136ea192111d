import { TenancyError } from './tenancy-error';

/** One property that failed validation, with class-validator's constraint messages. */
export interface PropertyFailure {
  /** Dotted path, e.g. `settings.locale` for nested objects. */
  property: string;
  /** Constraint name to message, e.g. `{ isUuidV7: 'id must be a UUIDv7' }`. */
  constraints: Record<string, string>;
}

/**
 * An entity failed its class-validator rules before insert or update. Every failed property is
 * listed in `failures` and in the message. Nothing was written.
 *
 * @example
 * try { await repo.save(repo.create({ name: '' })); }
 * catch (e) { if (e instanceof EntityValidationError) console.log(e.failures); }
 */
export class EntityValidationError extends TenancyError {
  readonly code = 'ENTITY_INVALID' as const;

  constructor(readonly entity: string, readonly failures: PropertyFailure[]) {
    super(
      `${entity} is invalid: ` +
        failures.map((f) => `${f.property} (${Object.values(f.constraints).join('; ')})`).join(', ') +
        '. Fix these properties before saving.',
    );
  }
}
