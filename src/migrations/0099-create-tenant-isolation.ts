import type { MigrationInterface, QueryRunner } from 'typeorm';
import { detectCitusProfile } from '../dialect/citus/citus-profile';
import { dialectOf } from '../dialect/dialect-of';
import { PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE } from '../dialect/postgres-rls';
import { assertDropAllowed, inDropTransaction } from './drop-table';
import { migrationName } from './phase';

/**
 * Phase 0099: what the row-level-security policies of every tenant table call, created before the
 * first of them (0100 `tenants`). On PostgreSQL: the `tenancy_private` schema with the hashes of
 * registered system keys and the `tenancy_system_access()` function. On the MySQL family, which
 * has no row-level security, it does nothing (it is still recorded, so the history is the same).
 * Reverting it is refused while system keys are registered (`tenancy_private.system_keys` holds
 * rows), like every bundled revert of a table with rows (`dropTable`): revoke them first, or allow it.
 *
 * @example
 * new DataSource({ ..., migrations: bundledMigrations }); // includes this one
 */
export class CreateTenantIsolation0099 implements MigrationInterface {
  name = migrationName(99, 'CreateTenantIsolation');

  async up(queryRunner: QueryRunner): Promise<void> {
    await detectCitusProfile(queryRunner);
    for (const sql of dialectOf(queryRunner.connection).tenantIsolationSetup()) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = dialectOf(queryRunner.connection).dropTenantIsolationSetup();
    if (statements.length === 0) return;
    await inDropTransaction(queryRunner, async () => {
      // DROP SCHEMA … CASCADE takes the registered key hashes with it.
      await assertDropAllowed(queryRunner, { schema: PRIVATE_SCHEMA, name: SYSTEM_KEYS_TABLE });
      for (const sql of statements) await queryRunner.query(sql);
    });
  }
}
