import { Tenant } from './tenant.entity';
import { entitiesPhase00to03 } from './schema-entities-00-03';
import { entitiesPhase04to09 } from './schema-entities-04-09';

export { UuidV7Entity } from './uuid-v7-entity';
export { TenantAwareEntity } from './tenant-aware-entity';
export { DefinedEntity, definitionOf } from './defined-entity';
export { Tenant, TENANT_STATUSES, type TenantStatus } from './tenant.entity';
export { TenantWriteSubscriber } from './tenant-write-subscriber';
export * from './schema-entities-00-03';
export * from './schema-entities-04-09';

/**
 * Every entity of the bundled schema, `Tenant` included. Pass it to your DataSource's `entities`
 * (with your own entities) to query the tables `bundledMigrations` creates.
 *
 * @example
 * new DataSource({ type: 'postgres', url, entities: [...bundledEntities, MyEntity], migrations: bundledMigrations });
 */
export const bundledEntities = [Tenant, ...entitiesPhase00to03, ...entitiesPhase04to09];
