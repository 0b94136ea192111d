import type { DataSource, EntityMetadata, ObjectLiteral, QueryRunner } from 'typeorm';
import { distributedByColumn } from '../dialect/citus/citus-distribution';
import { SystemAccessUnavailableError, TenantMismatchError } from '../errors';
import { withoutTenantScope } from '../tenancy/with-tenant';
import { scopeColumnOf, tenantColumnOf } from './tenancy-options';
import { tenantCondition } from './tenant-condition';

const unique = (values: unknown[]) => [...new Set(values.filter((v) => v !== undefined && v !== null).map((v) => (typeof v === 'string' ? v.toLowerCase() : v)))];

/**
 * Refuses when any of `ids` is not a row of the current tenant: counts them through a scoped
 * query (so "belongs to the tenant" is decided by the tenant scope itself) on the caller's query
 * runner, which sees rows of its own open transaction. No-op for global entities and unscoped work.
 */
export async function assertOwnedByTenant(
  dataSource: DataSource,
  queryRunner: QueryRunner | undefined,
  metadata: EntityMetadata,
  ids: unknown[],
  operation: string,
): Promise<void> {
  const wanted = unique(ids);
  if (wanted.length === 0 || !scopeColumnOf(metadata)) return;
  const condition = tenantCondition('update', metadata.name);
  if (condition.kind !== 'tenant') return;
  const found = await dataSource.createQueryBuilder(queryRunner).from(metadata.target, 'owned').whereInIds(wanted).withDeleted().getCount();
  if (found !== wanted.length) {
    throw new TenantMismatchError(operation, condition.tenantId, undefined, 'Only rows of the current tenant can be linked (this id is not one of them).');
  }
}

/**
 * Refuses an insert whose caller-chosen ids already belong to another tenant (a scoped `save()`
 * cannot see such a row and would otherwise try to insert a copy). One unscoped look-up, only for
 * ids the library did not generate.
 *
 * On Citus, for a table distributed by its tenant column, there is no look-up: the unscoped read
 * would visit every shard on every such save/upsert, and it has nothing to find. Citus makes every
 * primary and unique key of such a table contain the tenant column, so a row is (tenant, id):
 * another tenant's row with the same id is a different row on its own shard, which the current
 * tenant can never read, reference (every in-tenant reference is composite), update or delete, and
 * the insert cannot touch it. Ids are then unique per tenant, not across tenants (docs/scale-out.md).
 */
export async function assertIdsNotForeign(
  dataSource: DataSource,
  queryRunner: QueryRunner | undefined,
  metadata: EntityMetadata,
  rows: ObjectLiteral[],
  operation: string,
): Promise<void> {
  const column = tenantColumnOf(metadata);
  const primary = metadata.primaryColumns.length === 1 ? metadata.primaryColumns[0] : undefined;
  if (!column || !primary || rows.length === 0) return;
  const condition = tenantCondition('insert', metadata.name);
  if (condition.kind !== 'tenant') return;
  const ids = unique(rows.map((row) => primary.getEntityValue(row)));
  if (ids.length === 0) return;
  if (await distributedByColumn(dataSource, queryRunner, metadata, column.databaseName)) return;
  let owners: Array<{ owner: string }>;
  try {
    owners = await withoutTenantScope(() =>
      dataSource
        .createQueryBuilder(queryRunner)
        .select(`owned.${column.propertyPath}`, 'owner')
        .from(metadata.target, 'owned')
        .whereInIds(ids)
        .withDeleted()
        .getRawMany(),
    );
  } catch (error) {
    // The application role without a system key cannot look past the wall (refused before anything
    // was sent). The primary key still refuses another tenant's id: the insert fails, writing nothing.
    if (error instanceof SystemAccessUnavailableError || (error as { driverError?: unknown })?.driverError instanceof SystemAccessUnavailableError) return;
    throw error;
  }
  // The owner is another tenant's id read from the database: it never goes into the error.
  if (owners.some((o) => String(o.owner).toLowerCase() !== condition.tenantId)) {
    throw new TenantMismatchError(
      operation,
      condition.tenantId,
      undefined,
      'The id is not a row of the current tenant: let the library generate the ids of new rows, and remove or recover only rows the current tenant can read.',
    );
  }
}
