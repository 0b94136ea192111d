export type { Dialect, DialectName } from './dialect';
export { dialectOf } from './dialect-of';
export { postgresDialect } from './postgres-dialect';
export { citusDialect } from './citus/citus-dialect';
export { CITUS_PROFILE_ENV, detectCitusProfile, useCitusProfile } from './citus/citus-profile';
export { mysqlDialect, mariadbDialect } from './mysql-dialect';
export { adaptColumnMetadata } from './adapt-column-metadata';
export {
  TENANT_SETTING,
  SYSTEM_KEY_SETTING,
  TENANT_ROLE,
  SYSTEM_ROLE,
  POLICY_NAME,
  SYSTEM_POLICY_NAME,
  SYSTEM_ACCESS_FUNCTION,
  PRIVATE_SCHEMA,
  MIN_SYSTEM_KEY_LENGTH,
} from './postgres-rls';
export {
  applicationRoleStatements,
  createApplicationRole,
  registerSystemKey,
  revokeSystemKeys,
  type ApplicationRoleOptions,
} from './postgres-app-role';
