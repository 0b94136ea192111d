import { readDistributionFacts } from '../../src/cli/distribute/distribution-catalog';
import { citusKeyDefinition, distributionPlan } from '../../src/cli/distribute/distribution-plan';
import { schemaMigrations } from '../../src/migrations';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * The plan of `typeorm-tenancy distribute`, read from a real single-server bundled schema (CI has
 * no Citus: there the plan is refused for the missing extension, and what it would do is checked
 * as SQL). test/citus/citus-schema.test.ts runs it on Citus.
 */
describe('citusKeyDefinition', () => {
  it('drops the delete and update rules Citus refuses on a key with the tenant column, keeps the rest', () => {
    expect(citusKeyDefinition('FOREIGN KEY (tenant_id, venue_id) REFERENCES venues(tenant_id, id) ON DELETE SET NULL (venue_id)')).toBe(
      'FOREIGN KEY (tenant_id, venue_id) REFERENCES venues(tenant_id, id)',
    );
    expect(citusKeyDefinition('FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON UPDATE CASCADE ON DELETE CASCADE')).toBe(
      'FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE',
    );
    expect(citusKeyDefinition('FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE')).toBe('FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE');
  });
});

describeEachDatabase('distribution plan of the bundled schema', { tenancy: false, migrations: schemaMigrations }, (db, target) => {
  if (target.family !== 'postgres') {
    it.skip('not PostgreSQL: distribute is for Citus coordinators', () => undefined);
    return;
  }

  it('is refused without the citus extension, and says what it would do', async () => {
    const plan = distributionPlan(await readDistributionFacts(db().dataSource), 20);
    expect(plan.blockers).toEqual(['the citus extension is not installed in this database (CREATE EXTENSION citus, then add the workers)']);
    expect(plan.tenantTables).toHaveLength(40);
    expect(plan.referenceTables).toEqual(['countries', 'languages', 'routes', 'tenants', 'system_settings']);
    const [prepare, ...rest] = plan.steps;
    expect(prepare.statements.filter((s) => s.includes('DROP CONSTRAINT "fk_'))).toHaveLength(176);
    expect(prepare.statements).toContain(
      'ALTER TABLE "venues" DROP CONSTRAINT "pk_venues", DROP CONSTRAINT "uq_venues_tenant_id_id", ADD CONSTRAINT "pk_venues" PRIMARY KEY ("tenant_id", "id")',
    );
    expect(prepare.statements).toContain('ALTER FUNCTION "tenancy_system_access"() SET citus.allow_nested_distributed_execution = on');
    expect(prepare.statements.filter((s) => s.startsWith('CREATE POLICY'))).toHaveLength(41);
    expect(rest.map((s) => s.title).slice(0, 2)).toEqual(['reference table tenancy_private.system_keys', 'reference table countries']);
    expect(rest.find((s) => s.title === 'distributed table venues by tenant_id')?.statements).toEqual([
      'ALTER TABLE "venues" NO FORCE ROW LEVEL SECURITY',
      expect.stringMatching(/^SELECT create_distributed_table\('"venues"', 'tenant_id', colocate_with => /),
      'ALTER TABLE "venues" FORCE ROW LEVEL SECURITY',
    ]);
    // 176 keys in batches of 20, each batch sequential, then the pending-keys table dropped.
    const keySteps = rest.filter((s) => s.title.startsWith('foreign keys'));
    expect(keySteps).toHaveLength(9);
    expect(keySteps.every((s) => s.statements[0] === "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")).toBe(true);
    expect(keySteps.flatMap((s) => s.statements).filter((s) => / ADD CONSTRAINT "fk_.*SET NULL/.test(s))).toEqual([]);
    expect(plan.changedRules).toHaveLength(80 + 26);
  });
});
