import { isUuidV7 } from './is-uuid-v7';

/**
 * The creation time embedded in a UUIDv7 (its first 48 bits, Unix milliseconds).
 *
 * @throws TypeError when `id` is not a UUIDv7 — other versions carry no usable time.
 * @example
 * uuidV7Date(entity.id).toISOString(); // '2026-11-22T10:15:00.123Z'
 */
export function uuidV7Date(id: string): Date {
  if (!isUuidV7(id)) {
    throw new TypeError(`uuidV7Date: ${JSON.stringify(id)} is not a UUIDv7; only v7 ids carry a creation time.`);
  }
  const hex = id.slice(0, 8) + id.slice(9, 13);
  return new Date(parseInt(hex, 16));
}
