export { TenancyError, type TenancyErrorCode } from './tenancy-error';
export { MissingTenantError } from './missing-tenant-error';
export { TenantMismatchError } from './tenant-mismatch-error';
export { InvalidTenantIdError } from './invalid-tenant-id-error';
export { EntityValidationError, type PropertyFailure } from './entity-validation-error';
export { InvalidUuidError } from './invalid-uuid-error';
export { UuidClockRollbackError } from './uuid-clock-rollback-error';
