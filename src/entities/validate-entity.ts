import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { EntityValidationError, type PropertyFailure } from '../errors';
import { assertEntityRow } from '../scopes/assert-entity-row';
import { scopeColumnOf } from '../scopes/tenancy-options';
import { definitionOf } from './defined-entity';

function flatten(errors: ValidationError[], prefix = ''): PropertyFailure[] {
  return errors.flatMap((e) => {
    const property = prefix + e.property;
    const own = e.constraints ? [{ property, constraints: e.constraints }] : [];
    return [...own, ...flatten(e.children ?? [], `${property}.`)];
  });
}

/**
 * Columns whose value TypeORM or the entity's own metadata supplies when the row leaves it out:
 * nullable or defaulted columns, generated/increment/uuid keys and computed (`generatedType`)
 * columns, create/update/delete dates, version, the single-table-inheritance discriminator,
 * `@VirtualColumn`s and virtual join columns, tree columns (level, nested-set left/right,
 * materialized path), foreign keys (filled from the relation object), object ids, embedded
 * columns and columns TypeORM never inserts (`insert: false`).
 */
function fillsItself(column: ColumnMetadata): boolean {
  return (
    column.isNullable ||
    column.default !== undefined ||
    column.isGenerated ||
    column.generatedType !== undefined ||
    column.isCreateDate ||
    column.isUpdateDate ||
    column.isDeleteDate ||
    column.isVersion ||
    column.isDiscriminator ||
    column.isVirtual ||
    column.isVirtualProperty ||
    column.isTreeLevel ||
    column.isNestedSetLeft ||
    column.isNestedSetRight ||
    column.isMaterializedPath ||
    column.isObjectId ||
    !column.isInsert ||
    column.relationMetadata !== undefined ||
    column.referencedColumn !== undefined ||
    column.embeddedMetadata !== undefined
  );
}

interface Rules {
  /** Properties with at least one class-validator rule: rows touching none skip validate(). */
  readonly validated: ReadonlySet<string>;
  /** Properties whose rules make a value mandatory: validated and not `@IsOptional()`/`@ValidateIf()`. */
  readonly mandatory: ReadonlySet<string>;
}

const rulesByTarget = new WeakMap<object, Rules>();

function rulesOf(target: object): Rules {
  let rules = rulesByTarget.get(target);
  if (!rules) {
    const all = getMetadataStorage().getTargetValidationMetadatas(target as new () => object, '', true, false);
    const validated = new Set(all.map((rule) => rule.propertyName));
    const conditional = new Set(all.filter((rule) => rule.type === 'conditionalValidation').map((rule) => rule.propertyName));
    rules = { validated, mandatory: new Set([...validated].filter((p) => !conditional.has(p))) };
    rulesByTarget.set(target, rules);
  }
  return rules;
}

const requiredByMetadata = new WeakMap<EntityMetadata, readonly ColumnMetadata[]>();

/** The columns an insert must carry (see {@link validateEntity}). Cached per metadata. */
function requiredColumns(metadata: EntityMetadata, target: object): readonly ColumnMetadata[] {
  let required = requiredByMetadata.get(metadata);
  if (!required) {
    const { mandatory } = rulesOf(target);
    // A defined table's DDL is known: there every default the database has is in the metadata too.
    const known = definitionOf(target) !== undefined;
    required = scopeColumnOf(metadata) ? metadata.columns.filter((c) => (known || mandatory.has(c.propertyName)) && !fillsItself(c)) : [];
    requiredByMetadata.set(metadata, required);
  }
  return required;
}

/**
 * Validates a row before TypeORM writes it and throws one `EntityValidationError` listing every
 * failed property; nothing is written. Synchronous (returns undefined) when no rule applies to the
 * row, so the common write pays no extra promise.
 *
 * - **class-validator** runs only when the row carries a property the entity declared rules for
 *   (on every entity: declaring a rule is asking for it). Undefined properties are skipped;
 *   `update` checks only the properties present (a partial SET or a partial entity).
 * - **Required on insert**, only for tenant-aware entities (and the tenants table): a column is
 *   required when nothing fills it on its own — not nullable, no default in the metadata, and not
 *   a column TypeORM fills itself (generated/increment keys, computed columns, create/update/delete
 *   dates, version, the single-table-inheritance discriminator, `@VirtualColumn`, tree columns,
 *   foreign keys, object ids, embedded columns, `insert: false`) — and the entity declares a
 *   class-validator rule on it that is not conditional (`@IsOptional()`, `@ValidateIf()`). On the
 *   bundled entities, whose DDL is ours (every database default is in the metadata), every such
 *   column is required. Elsewhere a NOT NULL column without a rule is left to the database: it may
 *   have a default only the database knows, or the database refuses the row with its own error.
 * - Entities that are **not tenant-aware** get no required check: they behave as in plain
 *   TypeORM apart from the class-validator rules they declare themselves.
 *
 * @example
 * // @Column() @IsString() title: string;          → required on insert (ENTITY_INVALID when absent)
 * // @Column() status: string;   (DB DEFAULT 'new') → left to the database
 * await validateEntity(metadata, { views: 3 }, 'insert'); // throws: title is required
 */
export function validateEntity(metadata: EntityMetadata, row: ObjectLiteral, mode: 'insert' | 'update'): Promise<void> | undefined {
  const target = metadata.target;
  if (typeof target !== 'function') return undefined;
  const missing: PropertyFailure[] = [];
  if (mode === 'insert') {
    for (const column of requiredColumns(metadata, target)) {
      if (column.getEntityValue(row) === undefined) {
        missing.push({ property: column.propertyPath, constraints: { isDefined: `${column.propertyPath} is required` } });
      }
    }
  }
  const { validated } = rulesOf(target);
  if (!Object.keys(row).some((key) => validated.has(key))) {
    if (missing.length > 0) throw new EntityValidationError(metadata.name, missing);
    return undefined;
  }
  // An own __proto__/constructor key would swap the prototype the rules are read from: refused (typed).
  assertEntityRow(metadata, row, `${mode} of ${metadata.name}`);
  // Plain objects (insert/upsert/update with literals) carry no decorators: view them as instances.
  const instance = row instanceof target ? row : Object.assign(Object.create(target.prototype as object), row);
  return validate(instance, { skipUndefinedProperties: true, forbidUnknownValues: false, validationError: { target: false } }).then((errors) => {
    const failures = flatten(errors);
    for (const m of missing) if (!failures.some((f) => f.property === m.property)) failures.push(m);
    if (failures.length > 0) throw new EntityValidationError(metadata.name, failures);
  });
}
