import type { MigrationInterface } from 'typeorm';
import type { TableDefinition } from './table-definition';
import { tableMigration } from './table-migration';
import { tablesPhase00to03 } from './tables/phase-00-03';
import { tablesPhase04to09 } from './tables/phase-04-09';

export type { TableDefinition, TenantReference, UniqueDefinition, IndexDefinition } from './table-definition';
export { USERS_PHASE } from './table-definition';
export { tableMigration } from './table-migration';

/**
 * Every table of the bundled schema except `tenants` (its own migration), in phase order.
 *
 * @example
 * schemaTables.filter((t) => t.kind === 'tenant').map((t) => t.name); // ['users', 'user_roles', …]
 */
export const schemaTables: TableDefinition[] = [...tablesPhase00to03, ...tablesPhase04to09].sort((a, b) => a.phase - b.phase);

/** Migrations of {@link schemaTables}, in phase order. */
export const schemaMigrations: Array<new () => MigrationInterface> = schemaTables.map(tableMigration);
