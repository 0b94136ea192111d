import type {
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  UpdateEvent,
} from 'typeorm';
import { TenantMismatchError } from '../errors';
import { tenantCondition } from '../scopes/tenant-condition';
import { assertEntityRow } from '../scopes/assert-entity-row';
import { scopeColumnOf, tenancyConfig, tenantColumnOf } from '../scopes/tenancy-options';
import { assertTenantUnchanged, stampActor, stampInsertedRow } from '../scopes/tenant-stamp';
import { assignUuidV7 } from './assign-uuid-v7';
import { validateEntity } from './validate-entity';

const isSet = (value: unknown) => value !== undefined && value !== null;

/**
 * The write guard `enableTenancy` installs. For tenant-aware entities on every insert path (`save`
 * with cascades, `insert`, QueryBuilder insert, `upsert`) it generates the UUIDv7 id, stamps the
 * tenant, refuses a foreign tenant id, writes the actor of `withTenant` into `createdBy`/`updatedBy`
 * (the actor wins over caller values) and validates; a row that is not an object or has an own
 * `__proto__` key is refused first. On update it refuses rows of another tenant and any change of
 * the tenant (or of the tenants table's own id). (Remove, soft remove and recover of
 * another tenant's row are refused by the persistence guard, which also runs with listeners off.)
 * Every refusal throws before TypeORM sends the statement, so nothing is written.
 *
 * @example
 * enableTenancy(dataSource); // installs it; you never construct it yourself
 */
export class TenantWriteSubscriber implements EntitySubscriberInterface {
  // Synchronous unless class-validator has work to do: TypeORM awaits only returned promises.
  beforeInsert(event: InsertEvent<ObjectLiteral>): Promise<void> | undefined {
    const { metadata, entity: row } = event;
    if (!row) return undefined;
    // Before anything touches the row: a primitive or a `__proto__` key would crash or skip validation.
    if (scopeColumnOf(metadata)) assertEntityRow(metadata, row, `insert into ${metadata.name}`);
    assignUuidV7(metadata, row);
    stampInsertedRow(metadata, row);
    return tenancyConfig(metadata.dataSource)?.validate ? validateEntity(metadata, row, 'insert') : undefined;
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> | undefined {
    const { metadata, entity: row, databaseEntity } = event;
    const scope = scopeColumnOf(metadata);
    if (row && scope) assertEntityRow(metadata, row, `update of ${metadata.name}`);
    const column = tenantColumnOf(metadata);
    // The tenants table: its primary key is the tenant, immutable like tenant_id (refused before validation runs).
    if (!column && scope && row) assertTenantUnchanged(metadata, row, databaseEntity ? scope.getEntityValue(databaseEntity) : undefined);
    if (column) {
      const operation = `update of ${metadata.name}`;
      const condition = tenantCondition('update', metadata.name);
      const expected = condition.kind === 'tenant' ? condition.tenantId : undefined;
      const owner = databaseEntity ? column.getEntityValue(databaseEntity) : undefined;
      // The owner was read from the database: it stays out of the error (docs/errors.md).
      if (expected && isSet(owner) && owner !== expected) throw new TenantMismatchError(operation, expected, undefined);
      assertTenantUnchanged(metadata, row, owner);
      if (row) stampActor(metadata, row, ['updatedBy']);
    }
    return row && tenancyConfig(metadata.dataSource)?.validate ? validateEntity(metadata, row, 'update') : undefined;
  }
}
