export { UuidV7Entity } from './uuid-v7-entity';
export { TenantAwareEntity } from './tenant-aware-entity';
export { Tenant, TENANT_STATUSES, type TenantStatus } from './tenant.entity';
export { TenantWriteSubscriber } from './tenant-write-subscriber';
