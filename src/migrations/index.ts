import type { MigrationInterface } from 'typeorm';
import { CreateTenantIsolation0099 } from './0099-create-tenant-isolation';
import { CreateTenants0100 } from './0100-create-tenants';
import { schemaMigrations } from './schema';

export { CreateTenantIsolation0099 } from './0099-create-tenant-isolation';
export { CreateTenants0100 } from './0100-create-tenants';
export { migrationName } from './phase';
export { createTable, createTenantTable, dropTable, timestampColumns, type ColumnSpec, type TableSpec, type TenantTableSpec } from './ddl';
export { createDefinedTable } from './create-defined-table';
export { addTenantIndex, addTenantReference, addTenantUnique } from './alter-tenant-table';
export { createIndexOnline, withLockTimeout } from './online-ddl';
export { withSystemAccess, type SystemAccessOptions } from './system-access';
export { backfillColumn, formatBackfillProgress, type BackfillOptions, type BackfillProgress, type BackfillRange } from './column-backfill';
export { addColumnWithBackfill, contractColumn, expandColumn, relaxColumn, type AddColumnWithBackfillOptions, type ColumnChange } from './expand-contract';
export { schemaMigrations, tableMigration } from './schema';
export { NOW, schemaTables, tenantsTable, tenantTable, type ColumnTypeName, type IndexDefinition, type TableDefinition, type TenantReference, type TenantTableDefinition, type UniqueDefinition } from '../schema';
export {
  ALLOW_DROP_WITH_ROWS_ENV,
  assertDropAllowed,
  dropWithRowsAllowed,
  inDropTransaction,
  type DropTableOptions,
  type IgnoredRows,
  type ProbedTable,
} from './drop-table';

const timestampOf = (migration: new () => MigrationInterface) => Number(new migration().name!.slice(-13));

/**
 * Every bundled migration, in phase order (00xx system foundation … 09xx API and security). Pass it
 * to your DataSource's `migrations`, after which `typeorm migration:run` creates the whole schema.
 *
 * @example
 * new DataSource({ type: 'postgres', url, entities: bundledEntities, migrations: bundledMigrations });
 */
export const bundledMigrations: Array<new () => MigrationInterface> = [CreateTenantIsolation0099, CreateTenants0100, ...schemaMigrations].sort(
  (a, b) => timestampOf(a) - timestampOf(b),
);
