import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { uuidv7 } from '../uuid/uuidv7';
import { markGeneratedId } from './generated-ids';
import { UuidV7Entity } from './uuid-v7-entity';

/**
 * Gives a row of a `UuidV7Entity` subclass a new UUIDv7 `id` when it has none (plain objects and
 * value sets included, which entity listeners never see). Internal: the write subscriber and the
 * insert guard call it.
 */
export function assignUuidV7(metadata: EntityMetadata, row: ObjectLiteral): void {
  if (typeof metadata.target !== 'function' || !(metadata.target.prototype instanceof UuidV7Entity)) return;
  const column = metadata.findColumnWithPropertyPath('id');
  if (!column) return;
  const id = column.getEntityValue(row);
  if (id !== undefined && id !== null) return;
  column.setEntityValue(row, uuidv7());
  markGeneratedId(row);
}
