import type { DataSource, EntityMetadata, ObjectLiteral, QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { dialectOf } from '../dialect/dialect-of';
import { definitionOf } from '../entities/defined-entity';
import { TenancySetupError, UnscopableQueryError } from '../errors';
import { shapeOf } from '../schema/table-shape';
import { parseTenantId, withTenant } from '../tenancy/with-tenant';
import { assertOwnedByTenant } from './ownership';
import { scopeColumnOf, tenantColumnOf } from './tenancy-options';
import { tenantCondition } from './tenant-condition';

/** One in-tenant reference the database does not check: the referencing column and the parent entity. */
interface GuardedReference {
  column: ColumnMetadata;
  parent: EntityMetadata;
}

const references = new WeakMap<EntityMetadata, GuardedReference[]>();

/**
 * The in-tenant references of a `@DefinedEntity` that its database keeps no key for: those of
 * the Vitess profile (`TYPEORM_TENANCY_MYSQL_PROFILE=vitess`), taken from the same definition the
 * migrations dropped the keys of. Empty in every other dialect (there the foreign keys and
 * triggers refuse a parent of another tenant), so the guard sends nothing extra. Decided once per
 * entity metadata.
 */
function guardedReferences(metadata: EntityMetadata): GuardedReference[] {
  const known = references.get(metadata);
  if (known) return known;
  const definition = definitionOf(metadata.target);
  const dataSource = metadata.dataSource;
  const d = definition ? dialectOf(dataSource) : undefined;
  const found: GuardedReference[] = [];
  if (definition && d?.profile === 'vitess') {
    const shape = shapeOf(definition, d);
    for (const key of shape.unenforcedKeys ?? []) {
      const own = key.columns.filter((c) => c !== shape.tenantColumn);
      // The tenant key itself (tenant_id → tenants): the tenant stamp decides that column.
      if (own.length !== 1) continue;
      const parent = dataSource.entityMetadatas.find((m) => m.tableName === key.refTable && m.tableType !== 'entity-child');
      const column = metadata.columns.find((c) => c.databaseName === own[0]);
      if (!parent || !column || !scopeColumnOf(parent)) {
        throw new TenancySetupError(
          `${metadata.tableName}.${own[0]} → ${key.refTable} on the Vitess profile without ${!column ? 'its column' : 'a tenant-aware entity of ' + key.refTable} in this DataSource`,
          `The database keeps no key for it, so the scope layer must check it: add the entity of ${key.refTable} to the DataSource's entities (e.g. bundledEntities).`,
        );
      }
      found.push({ column, parent });
    }
  }
  references.set(metadata, found);
  return found;
}

/** The value written to a reference column, as the row or SET map gives it (entity-shaped, or by column name for a table path). */
function written(column: ColumnMetadata, values: ObjectLiteral, byColumnName: boolean): unknown {
  return byColumnName ? values[column.databaseName] : column.getEntityValue(values);
}

/**
 * The reference guard of the Vitess profile, where no foreign key or trigger refuses a parent of
 * another tenant: every referenced id written by an INSERT (rows) or UPDATE (its SET map) must be
 * a row of the written row's tenant, counted through the tenant scope of that tenant (one
 * `… WHERE tenant_id = ? AND id IN (…)` per parent table, routed to the tenant's shard). Inside
 * `withoutTenantScope`, inserted rows are checked against the tenant they name; an UPDATE that
 * sets a reference without setting the tenant column is refused there (its rows' tenants are not
 * known before it runs). No-op for every other dialect and for entities without a definition.
 *
 * @throws TenantMismatchError (`TENANT_MISMATCH`) when a referenced row is not of that tenant (or does not exist).
 * @throws UnscopableQueryError (`QUERY_UNSCOPABLE`) for a raw SQL value or an unscoped UPDATE it cannot check.
 * @example
 * await guardReferences(dataSource, queryRunner, sessionMetadata, 'insert', rows, false);
 */
export async function guardReferences(
  dataSource: DataSource,
  queryRunner: QueryRunner | undefined,
  metadata: EntityMetadata,
  kind: 'insert' | 'update',
  rows: ObjectLiteral[],
  byColumnName: boolean,
): Promise<void> {
  const guarded = guardedReferences(metadata);
  if (guarded.length === 0) return;
  const operation = `${kind} ${kind === 'insert' ? 'into' : 'of'} ${metadata.name}`;
  const condition = tenantCondition(kind, metadata.name);
  const tenantColumn = tenantColumnOf(metadata)!;
  // One look-up per parent table and tenant (created_by and updated_by share theirs).
  const lookups = new Map<string, { parent: EntityMetadata; tenant: string; ids: unknown[] }>();
  for (const { column, parent } of guarded) {
    for (const row of rows) {
      const id = written(column, row, byColumnName);
      if (id === undefined || id === null) continue;
      if (typeof id === 'function') {
        throw new UnscopableQueryError(`${operation} setting ${column.databaseName} with raw SQL`, 'On the Vitess profile the scope layer checks every reference: pass the id as a value.');
      }
      const named = written(tenantColumn, row, byColumnName);
      if (condition.kind === 'unscoped' && (named === undefined || named === null)) {
        throw new UnscopableQueryError(
          `${operation} setting ${column.databaseName} outside a tenant`,
          `On the Vitess profile no foreign key checks the reference: run it inside withTenant(id, fn), or set ${tenantColumn.databaseName} too.`,
        );
      }
      const tenant = condition.kind === 'tenant' ? condition.tenantId : parseTenantId(named);
      const key = `${parent.name}\u0000${tenant}`;
      const lookup = lookups.get(key) ?? { parent, tenant, ids: [] };
      lookup.ids.push(id);
      lookups.set(key, lookup);
    }
  }
  for (const { parent, tenant, ids } of lookups.values()) {
    await withTenant(tenant, () => assertOwnedByTenant(dataSource, queryRunner, parent, ids, operation));
  }
}
