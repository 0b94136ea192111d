import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from '../dialect/dialect-of';
import { migrationName } from './phase';

/**
 * Phase 0099: what the row-level-security policies of every tenant table call, created before the
 * first of them (0100 `tenants`). On PostgreSQL: the `tenancy_private` schema with the hashes of
 * registered system keys and the `tenancy_system_access()` function. On the MySQL family, which
 * has no row-level security, it does nothing (it is still recorded, so the history is the same).
 *
 * @example
 * new DataSource({ ..., migrations: bundledMigrations }); // includes this one
 */
export class CreateTenantIsolation0099 implements MigrationInterface {
  name = migrationName(99, 'CreateTenantIsolation');

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of dialectOf(queryRunner.connection).tenantIsolationSetup()) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of dialectOf(queryRunner.connection).dropTenantIsolationSetup()) await queryRunner.query(sql);
  }
}
