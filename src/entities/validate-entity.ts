import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
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

const validatedProperties = new WeakMap<object, Set<string>>();

/** Properties of a class that carry class-validator rules (cached): rows touching none skip validate(). */
function propertiesWithRules(target: object): Set<string> {
  let properties = validatedProperties.get(target);
  if (!properties) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(target as new () => object, '', true, false);
    properties = new Set(rules.map((rule) => rule.propertyName));
    validatedProperties.set(target, properties);
  }
  return properties;
}

/**
 * Validates a row with the entity's class-validator rules and throws one error listing every failed
 * property. `insert` also requires every column the database cannot fill itself; `update` checks
 * only the properties present (a partial SET or a partial entity). Synchronous (returns undefined)
 * when no property of the row has a rule, so the common write pays no extra promise.
 */
export function validateEntity(metadata: EntityMetadata, row: ObjectLiteral, mode: 'insert' | 'update'): Promise<void> | undefined {
  const target = metadata.target;
  if (typeof target !== 'function') return undefined;
  const missing: PropertyFailure[] = [];
  if (mode === 'insert') {
    for (const column of metadata.columns) {
      if (column.relationMetadata || fillsItself(metadata, column.propertyPath)) continue;
      if (column.getEntityValue(row) === undefined) {
        missing.push({ property: column.propertyPath, constraints: { isDefined: `${column.propertyPath} is required` } });
      }
    }
  }
  const rules = propertiesWithRules(target);
  if (!Object.keys(row).some((key) => rules.has(key))) {
    if (missing.length > 0) throw new EntityValidationError(metadata.name, missing);
    return undefined;
  }
  // Plain objects (insert/upsert/update with literals) carry no decorators: view them as instances.
  const instance = row instanceof target ? row : Object.assign(Object.create(target.prototype as object), row);
  return validate(instance, { skipUndefinedProperties: true, forbidUnknownValues: false, validationError: { target: false } }).then((errors) => {
    const failures = flatten(errors);
    for (const m of missing) if (!failures.some((f) => f.property === m.property)) failures.push(m);
    if (failures.length > 0) throw new EntityValidationError(metadata.name, failures);
  });
}
