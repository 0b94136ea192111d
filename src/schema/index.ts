import type { TableDefinition } from './table-definition';
import { tablesPhase00to03 } from './tables/phase-00-03';
import { tablesPhase04to09 } from './tables/phase-04-09';

export type { ColumnSpec, ColumnTypeName, TableDefinition, TenantReference, UniqueDefinition, IndexDefinition } from './table-definition';
export { NOW, USERS_PHASE } from './table-definition';
export { tenants as tenantsTable } from './tables/0100-tenants';
export { tenantTable, type TenantTableDefinition } from './tenant-table';

/**
 * Every table of the bundled schema except `tenants` (its own migration), in phase order.
 *
 * @example
 * schemaTables.filter((t) => t.kind === 'tenant').map((t) => t.name); // ['users', 'user_roles', …]
 */
export const schemaTables: TableDefinition[] = [...tablesPhase00to03, ...tablesPhase04to09].sort((a, b) => a.phase! - b.phase!);
