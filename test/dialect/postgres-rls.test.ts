import {
  dropSystemAccessSetup,
  systemAccessSetup,
  systemPredicate,
  tenantIsolationStatements,
  tenantPredicate,
} from '../../src/dialect/postgres-rls';

// String equality on purpose: a silent change of the policies' shape (e.g. OR-ing the arms again,
// which made the tenant test a row filter and opened the EXPLAIN oracle) must show up in review.
describe('tenantIsolationStatements', () => {
  it('emits RLS on, forced, DML for both wall roles and one policy per role', () => {
    const tenant = `("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)`;
    const system =
      `((SELECT tenancy_system_access()) AND "tenant_id" >= ` +
      `(SELECT CASE WHEN tenancy_system_access() THEN '00000000-0000-0000-0000-000000000000'::uuid END))`;
    expect(tenantPredicate('tenant_id')).toBe(tenant);
    expect(systemPredicate('tenant_id')).toBe(system);
    expect(tenantIsolationStatements('notes', 'tenant_id')).toEqual([
      'ALTER TABLE "notes" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "notes" FORCE ROW LEVEL SECURITY',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON "notes" TO "tenancy_tenant", "tenancy_system"',
      `CREATE POLICY "tenant_isolation" ON "notes" AS PERMISSIVE FOR ALL TO "tenancy_tenant" USING ${tenant} WITH CHECK ${tenant}`,
      `CREATE POLICY "tenant_system_access" ON "notes" AS PERMISSIVE FOR ALL TO "tenancy_system" USING ${system} WITH CHECK ${system}`,
    ]);
    expect(tenantIsolationStatements('tenants', 'id')[3]).toContain('USING ("id" = NULLIF(');
  });

  it('sets up the roles without dropping them on the way down, and keeps the key check from PUBLIC', () => {
    const up = systemAccessSetup();
    expect(up[0]).toBe(
      `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenancy_tenant') THEN CREATE ROLE "tenancy_tenant" NOLOGIN; END IF; ` +
        'EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$',
    );
    expect(up).toContain('REVOKE EXECUTE ON FUNCTION "tenancy_system_access"() FROM PUBLIC');
    expect(up).toContain('GRANT EXECUTE ON FUNCTION "tenancy_system_access"() TO "tenancy_system"');
    expect(up.join('\n')).toContain(`GRANT "tenancy_tenant", "tenancy_system" TO %I WITH INHERIT FALSE, SET TRUE`);
    expect(up.join('\n')).toContain(
      `EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "tenancy_tenant", "tenancy_system"', current_schema());`,
    );
    const down = dropSystemAccessSetup().join('\n');
    expect(down).not.toMatch(/DROP ROLE/);
    expect(down).toContain(`REVOKE SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I FROM "tenancy_tenant", "tenancy_system"`);
  });
});
