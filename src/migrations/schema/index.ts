import type { MigrationInterface } from 'typeorm';
import type { TableDefinition } from './table-definition';
import { tableMigration } from './table-migration';
import { users } from './tables/0101-users';
import { venues } from './tables/0201-venues';
import { conferences } from './tables/0202-conferences';

export type { TableDefinition, TenantReference, UniqueDefinition, IndexDefinition } from './table-definition';
export { tableMigration } from './table-migration';

/** Every table of the bundled schema except `tenants` (its own migration), in phase order. */
export const schemaTables: TableDefinition[] = [users, venues, conferences].sort((a, b) => a.phase - b.phase);

/** Migrations of {@link schemaTables}. */
export const schemaMigrations: Array<new () => MigrationInterface> = schemaTables.map(tableMigration);
