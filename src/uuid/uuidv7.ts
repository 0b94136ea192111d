import { UuidV7Source } from './uuid-v7-source';

const shared = new UuidV7Source();

/**
 * Returns a new UUIDv7 from the process-wide monotonic generator: time-ordered, lowercase,
 * strictly increasing within this process.
 *
 * @example
 * const id = uuidv7(); // '0193a1b2-…-7…'
 */
export function uuidv7(): string {
  return shared.next();
}
