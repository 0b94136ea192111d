const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * True when `value` is a UUIDv7 in canonical lowercase 8-4-4-4-12 form: version 7, variant `10`.
 * Nil, max, v4 and other versions, braces, URNs, surrounding spaces and uppercase are rejected.
 * Uppercase is refused because ids are stored as given: a `CHAR(36)` ascii_bin column (MySQL)
 * would keep `'0190A…'` as a different key from `'0190a…'`, and mixed case sorts out of time order.
 *
 * @example
 * isUuidV7(uuidv7());                                // true
 * isUuidV7('9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'); // false (v4)
 */
export function isUuidV7(value: unknown): value is string {
  return typeof value === 'string' && V7.test(value);
}

/**
 * True when `value` is an RFC 9562 UUID of version 1 to 8 with variant `10`, in 8-4-4-4-12 form of
 * either case (callers lowercase it). Nil and max are rejected. Used for tenant ids, which may come
 * from an existing schema (v4).
 *
 * @example
 * isUuid('9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'); // true
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && ANY.test(value);
}
