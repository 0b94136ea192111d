import type {
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  UpdateEvent,
} from 'typeorm';
import { TenantMismatchError } from '../errors';
import { tenantCondition } from '../scopes/tenant-condition';
import { tenancyConfig, tenantColumnOf } from '../scopes/tenancy-options';
import { assertTenantUnchanged, stampInsertedRow } from '../scopes/tenant-stamp';
import { assignUuidV7 } from './assign-uuid-v7';
import { currentActorId } from '../tenancy/current-tenant';
import { validateEntity } from './validate-entity';

const isSet = (value: unknown) => value !== undefined && value !== null;

function setIfPresent(metadata: EntityMetadata, row: ObjectLiteral, property: string, value: unknown): void {
  metadata.findColumnWithPropertyPath(property)?.setEntityValue(row, value);
}

/**
 * The write guard `enableTenancy` installs. For tenant-aware entities on every insert path (`save`
 * with cascades, `insert`, QueryBuilder insert, `upsert`) it generates the UUIDv7 id, stamps the
 * tenant, refuses a foreign tenant id, fills `createdBy`/`updatedBy` and validates. On update it
 * refuses rows of another tenant and any change of the tenant. (Remove, soft remove and recover of
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
    assignUuidV7(metadata, row);
    stampInsertedRow(metadata, row);
    return tenancyConfig(metadata.dataSource)?.validate ? validateEntity(metadata, row, 'insert') : undefined;
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> | undefined {
    const { metadata, entity: row, databaseEntity } = event;
    const column = tenantColumnOf(metadata);
    if (column) {
      const operation = `update of ${metadata.name}`;
      const condition = tenantCondition('update', metadata.name);
      const expected = condition.kind === 'tenant' ? condition.tenantId : undefined;
      const owner = databaseEntity ? column.getEntityValue(databaseEntity) : undefined;
      if (expected && isSet(owner) && owner !== expected) throw new TenantMismatchError(operation, expected, owner);
      assertTenantUnchanged(metadata, row, owner);
      const actor = currentActorId();
      if (actor && row) setIfPresent(metadata, row, 'updatedBy', actor);
    }
    return row && tenancyConfig(metadata.dataSource)?.validate ? validateEntity(metadata, row, 'update') : undefined;
  }
}
