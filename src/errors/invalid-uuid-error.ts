import { TenancyError } from './tenancy-error';

/**
 * A value that had to be a UUIDv7 is not one (wrong version or variant, not canonical text, not a
 * string). Only v7 ids carry a creation time, so nothing can be read from it.
 *
 * @example
 * uuidV7Date('9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'); // throws UUID_INVALID (a v4 has no time)
 */
export class InvalidUuidError extends TenancyError {
  readonly code = 'UUID_INVALID' as const;

  /**
   * @param value what was given
   * @param operation the call that needed a UUIDv7, e.g. `uuidV7Date`
   */
  constructor(readonly value: unknown, readonly operation: string) {
    super(
      `${operation}: ${JSON.stringify(value) ?? String(value)} is not a UUIDv7. Pass an id made by uuidv7() ` +
        `(8-4-4-4-12 hex, version 7, variant 10), e.g. '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192'; ` +
        'ids of other versions carry no creation time.',
    );
  }
}
