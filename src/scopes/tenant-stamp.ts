import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { MissingTenantError, TenantMismatchError } from '../errors';
import { currentScope } from '../tenancy/current-tenant';
import { parseTenantId } from '../tenancy/with-tenant';
import { assertEntityRow } from './assert-entity-row';
import { scopeColumnOf, tenantColumnOf } from './tenancy-options';
import { tenantCondition } from './tenant-condition';

const isSet = (value: unknown) => value !== undefined && value !== null;

/**
 * The actor the library writes into `createdBy`/`updatedBy`: the `actorId` of `withTenant`, and
 * nothing else. Inside `withoutTenantScope` the actor is a platform operator, not a user of the
 * rows' tenant, so it is not written (the columns keep what the caller set; NULL means system).
 */
function tenantActor(): string | undefined {
  const scope = currentScope();
  return scope?.kind === 'tenant' ? scope.actorId : undefined;
}

/**
 * Writes the actor of the tenant context into the given audit properties of `row`, overwriting
 * whatever the caller put there (the actor from context wins; docs/errors.md "Audit columns").
 * No actor in context: the caller's values are kept, and the bundled schema's keys keep them
 * inside the tenant. Internal.
 */
export function stampActor(metadata: EntityMetadata, row: ObjectLiteral, properties: readonly ('createdBy' | 'updatedBy')[]): void {
  const actor = tenantActor();
  if (!actor) return;
  for (const property of properties) metadata.findColumnWithPropertyPath(property)?.setEntityValue(row, actor);
}

/**
 * The insert side of the tenant scope, for one row about to be inserted: refuses a row that is not
 * a plain entity object, stamps the current tenant (and the actor into `createdBy`/`updatedBy`),
 * refuses a row naming another tenant, and refuses an insert with no tenant. Idempotent: the write
 * subscriber and the insert guard both call it. Creating a row of the tenants table itself is
 * system work.
 */
export function stampInsertedRow(metadata: EntityMetadata, row: ObjectLiteral): void {
  const operation = `insert into ${metadata.name}`;
  const column = tenantColumnOf(metadata);
  if (!column) {
    if (scopeColumnOf(metadata) === null) return;
    assertEntityRow(metadata, row, operation);
    const condition = tenantCondition('insert', metadata.name);
    if (condition.kind === 'tenant') {
      throw new TenantMismatchError(operation, condition.tenantId, undefined, 'Creating a tenant is system work: run it inside withoutTenantScope(fn).');
    }
    return;
  }
  assertEntityRow(metadata, row, operation);
  const condition = tenantCondition('insert', metadata.name);
  const given = column.getEntityValue(row);
  if (condition.kind === 'tenant') {
    if (isSet(given) && parseTenantId(given) !== condition.tenantId) {
      throw new TenantMismatchError(operation, condition.tenantId, given);
    }
    column.setEntityValue(row, condition.tenantId);
  } else if (!isSet(given)) {
    throw new MissingTenantError(
      operation,
      'Inside withoutTenantScope() every inserted row must name its tenant: set tenantId, or insert inside withTenant(tenantId, fn).',
    );
  } else {
    column.setEntityValue(row, parseTenantId(given));
  }
  stampActor(metadata, row, ['createdBy', 'updatedBy']);
}

/**
 * The update side of the tenant scope: a write may name the scope column (`tenantId`, or the
 * primary key of the tenants table itself) only with the value the row already has (`owner`, when
 * TypeORM loaded it) or, inside a tenant, that tenant. Anything else would move rows to another
 * tenant (or, for `tenants.id`, re-key a tenant and every row that refers to it) and is refused,
 * also inside `withoutTenantScope`. Called by the write subscriber and, for every UPDATE
 * (listeners or not), by the query-builder layer.
 */
export function assertTenantUnchanged(metadata: EntityMetadata, set: ObjectLiteral | undefined, owner?: unknown): void {
  const column = scopeColumnOf(metadata);
  if (!column || set === undefined) return;
  assertEntityRow(metadata, set, `update of ${metadata.name}`);
  const next = column.getEntityValue(set);
  if (next === undefined) return;
  const condition = tenantCondition('update', metadata.name);
  const allowed = isSet(owner) ? String(owner).toLowerCase() : condition.kind === 'tenant' ? condition.tenantId : undefined;
  if (!isSet(next) || allowed === undefined || typeof next === 'function' || parseTenantId(next) !== allowed) {
    const isTenantTable = !tenantColumnOf(metadata);
    throw new TenantMismatchError(
      `changing ${column.propertyPath} in update of ${metadata.name}`,
      allowed,
      typeof next === 'function' ? '(an SQL expression)' : next,
      isTenantTable
        ? `${metadata.tableName}.${column.databaseName} is immutable like tenant_id: every tenant row refers to it. Create a new tenant and copy the rows instead.`
        : 'tenantId is immutable: copy the row into the other tenant instead of moving it.',
    );
  }
}
