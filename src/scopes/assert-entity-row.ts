import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { EntityNotObjectError, UnsafeEntityKeyError } from '../errors';

/** Own keys that, copied onto an entity (Object.assign, spread into a class instance), change what it is. */
const UNSAFE_KEYS = ['__proto__', 'constructor'] as const;

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Refuses a row that is not an object (`save(['<uuid>'])`, `insert([1, 2])`) or that carries an own
 * `__proto__`/`constructor` key (`JSON.parse` of request input), before the library stamps,
 * validates or writes it: otherwise the first crashes with "Cannot create property 'id' on string"
 * and the second swaps the prototype the validator reads its rules from. A column or relation
 * really named `constructor` is allowed. Called by the insert guard, the persistence guard, the
 * write subscriber and the update guard for tenant-scoped entities.
 *
 * @throws EntityNotObjectError (`ENTITY_NOT_OBJECT`), UnsafeEntityKeyError (`ENTITY_KEY_UNSAFE`)
 */
export function assertEntityRow(metadata: EntityMetadata, row: unknown, operation: string): asserts row is ObjectLiteral {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new EntityNotObjectError(operation, typeName(row));
  for (const key of UNSAFE_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(row, key)) continue;
    if (key === 'constructor' && (metadata.findColumnWithPropertyPath(key) || metadata.findRelationWithPropertyPath(key))) continue;
    throw new UnsafeEntityKeyError(operation, key);
  }
}
