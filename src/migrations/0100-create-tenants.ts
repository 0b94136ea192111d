import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenants } from '../schema/tables/0100-tenants';
import { createDefinedTable, forgetGeneratedColumns } from './create-defined-table';
import { dropTable } from './ddl';
import { migrationName } from './phase';

/**
 * Phase 0100: the `tenants` table every tenant-aware row references (definition
 * `src/schema/tables/0100-tenants.ts`). Slugs are unique among live (not soft-deleted) tenants.
 * On PostgreSQL a tenant's session sees only its own row (row-level security on `id`). Reverting it is refused while
 * `tenants` holds rows, counted past that security (see `dropTable`).
 *
 * @example
 * new DataSource({ ..., migrations: bundledMigrations }); // includes this one
 */
export class CreateTenants0100 implements MigrationInterface {
  name = migrationName(100, 'CreateTenants');

  async up(queryRunner: QueryRunner): Promise<void> {
    await createDefinedTable(queryRunner, tenants);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'tenants');
    await forgetGeneratedColumns(queryRunner, 'tenants');
  }
}
