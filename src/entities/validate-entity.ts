import { validate, type ValidationError } from 'class-validator';
import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { EntityValidationError, type PropertyFailure } from '../errors';

function flatten(errors: ValidationError[], prefix = ''): PropertyFailure[] {
  return errors.flatMap((e) => {
    const property = prefix + e.property;
    const own = e.constraints ? [{ property, constraints: e.constraints }] : [];
    return [...own, ...flatten(e.children ?? [], `${property}.`)];
  });
}

/** Columns the database fills when the value is absent (defaults, generated, audit dates, nullable). */
function fillsItself(metadata: EntityMetadata, propertyPath: string): boolean {
  const column = metadata.findColumnWithPropertyPath(propertyPath);
  return (
    !column ||
    column.isNullable ||
    column.default !== undefined ||
    column.isGenerated ||
    column.isCreateDate ||
    column.isUpdateDate ||
    column.isDeleteDate ||
    column.isVersion ||
    column.isVirtual ||
    column.generatedType !== undefined
  );
}

/**
 * Validates a row with the entity's class-validator rules and throws one error listing every failed
 * property. `insert` also requires every column the database cannot fill itself; `update` checks
 * only the properties present (a partial SET or a partial entity).
 */
export async function validateEntity(metadata: EntityMetadata, row: ObjectLiteral, mode: 'insert' | 'update'): Promise<void> {
  const target = metadata.target;
  if (typeof target !== 'function') return;
  // Plain objects (insert/upsert/update with literals) carry no decorators: view them as instances.
  const instance = row instanceof target ? row : Object.assign(Object.create(target.prototype as object), row);
  const failures = flatten(
    await validate(instance, { skipUndefinedProperties: true, forbidUnknownValues: false, validationError: { target: false } }),
  );
  if (mode === 'insert') {
    for (const column of metadata.columns) {
      if (column.relationMetadata || fillsItself(metadata, column.propertyPath)) continue;
      if (column.getEntityValue(row) === undefined && !failures.some((f) => f.property === column.propertyPath)) {
        failures.push({ property: column.propertyPath, constraints: { isDefined: `${column.propertyPath} is required` } });
      }
    }
  }
  if (failures.length > 0) throw new EntityValidationError(metadata.name, failures);
}
