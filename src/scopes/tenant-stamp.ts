import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { MissingTenantError, TenantMismatchError } from '../errors';
import { currentActorId } from '../tenancy/current-tenant';
import { parseTenantId } from '../tenancy/with-tenant';
import { scopeColumnOf, tenantColumnOf } from './tenancy-options';
import { tenantCondition } from './tenant-condition';

const isSet = (value: unknown) => value !== undefined && value !== null;

/**
 * The insert side of the tenant scope, for one row about to be inserted: stamps the current tenant
 * (and the actor into `createdBy`/`updatedBy`), refuses a row naming another tenant, and refuses
 * an insert with no tenant. Idempotent: the write subscriber and the insert guard both call it.
 * Creating a row of the tenants table itself is system work.
 */
export function stampInsertedRow(metadata: EntityMetadata, row: ObjectLiteral): void {
  const operation = `insert into ${metadata.name}`;
  const column = tenantColumnOf(metadata);
  if (!column) {
    const isTenantTable = scopeColumnOf(metadata) !== null;
    const condition = isTenantTable ? tenantCondition('insert', metadata.name) : undefined;
    if (condition?.kind === 'tenant') {
      throw new TenantMismatchError(operation, condition.tenantId, 'a new tenant', 'Creating a tenant is system work: run it inside withoutTenantScope(fn).');
    }
    return;
  }
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
  const actor = currentActorId();
  if (actor) {
    for (const property of ['createdBy', 'updatedBy']) {
      const audit = metadata.findColumnWithPropertyPath(property);
      if (audit && !isSet(audit.getEntityValue(row))) audit.setEntityValue(row, actor);
    }
  }
}

/**
 * The update side of the tenant scope: a write may name `tenantId` only with the value the row
 * already has (`owner`, when TypeORM loaded it) or, inside a tenant, that tenant. Anything else
 * would move rows to another tenant and is refused, also inside `withoutTenantScope`. Called by
 * the write subscriber and, for every UPDATE (listeners or not), by the query-builder layer.
 */
export function assertTenantUnchanged(metadata: EntityMetadata, set: ObjectLiteral | undefined, owner?: unknown): void {
  const column = tenantColumnOf(metadata);
  const next = column && set ? column.getEntityValue(set) : undefined;
  if (!column || next === undefined) return;
  const condition = tenantCondition('update', metadata.name);
  const allowed = isSet(owner) ? String(owner).toLowerCase() : condition.kind === 'tenant' ? condition.tenantId : undefined;
  if (!isSet(next) || allowed === undefined || typeof next === 'function' || parseTenantId(next) !== allowed) {
    throw new TenantMismatchError(
      `changing tenantId in update of ${metadata.name}`,
      allowed,
      typeof next === 'function' ? '(an SQL expression)' : next,
      'tenantId is immutable: copy the row into the other tenant instead of moving it.',
    );
  }
}
