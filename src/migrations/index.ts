import { CreateTenants0100 } from './0100-create-tenants';

export { CreateTenants0100 } from './0100-create-tenants';
export { migrationName } from './phase';

/**
 * Every bundled migration, in phase order. Pass it to your DataSource's `migrations`.
 *
 * @example
 * new DataSource({ type: 'postgres', url, entities, migrations: bundledMigrations });
 */
export const bundledMigrations = [CreateTenants0100];
export { createTable, createTenantTable, dropTable, timestampColumns, type ColumnSpec, type TableSpec } from './ddl';
