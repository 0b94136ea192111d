import { InvalidUuidError } from '../errors/invalid-uuid-error';
import { isUuidV7 } from './is-uuid-v7';

/**
 * The creation time embedded in a UUIDv7 (its first 48 bits, Unix milliseconds). Reading is
 * case-insensitive, unlike {@link isUuidV7}: an uppercase id still names a time.
 *
 * @throws InvalidUuidError (`UUID_INVALID`) when `id` is not a UUIDv7: other versions carry no
 *   usable time.
 * @example
 * uuidV7Date(entity.id).toISOString(); // '2026-11-22T10:15:00.123Z'
 */
export function uuidV7Date(id: string): Date {
  const canonical = typeof id === 'string' ? id.toLowerCase() : id;
  if (!isUuidV7(canonical)) throw new InvalidUuidError(id, 'uuidV7Date');
  return new Date(parseInt(canonical.slice(0, 8) + canonical.slice(9, 13), 16));
}
