export type { Dialect, DialectName } from './dialect';
export { dialectOf } from './dialect-of';
export { postgresDialect } from './postgres-dialect';
export { mysqlDialect, mariadbDialect } from './mysql-dialect';
export { adaptColumnMetadata } from './adapt-column-metadata';
