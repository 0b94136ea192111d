export { TenancyError, type TenancyErrorCode } from './tenancy-error';
export { MissingTenantError } from './missing-tenant-error';
export { TenantMismatchError } from './tenant-mismatch-error';
export { InvalidTenantIdError } from './invalid-tenant-id-error';
export { InvalidActorIdError } from './invalid-actor-id-error';
export { describeValue } from './describe-value';
export { EntityValidationError, type PropertyFailure } from './entity-validation-error';
export { InvalidUuidError } from './invalid-uuid-error';
export { UuidClockRollbackError } from './uuid-clock-rollback-error';
