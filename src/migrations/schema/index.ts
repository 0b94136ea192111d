import type { MigrationInterface } from 'typeorm';
import { schemaTables } from '../../schema';
import { tableMigration } from './table-migration';

export { schemaTables, type TableDefinition, type TenantReference, type UniqueDefinition, type IndexDefinition, USERS_PHASE } from '../../schema';
export { tableMigration } from './table-migration';

/** Migrations of {@link schemaTables}, in phase order. */
export const schemaMigrations: Array<new () => MigrationInterface> = schemaTables.map(tableMigration);
