import { DataSource } from 'typeorm';
import { citusDialect } from '../../src/dialect/citus/citus-dialect';
import { CITUS_PROFILE_ENV, citusProfileOn, detectCitusProfile, useCitusProfile } from '../../src/dialect/citus/citus-profile';
import { dialectOf } from '../../src/dialect/dialect-of';
import { postgresDialect } from '../../src/dialect/postgres-dialect';
import { systemAccessSetup } from '../../src/dialect/postgres-rls';
import { schemaTables, tenantsTable } from '../../src/schema';
import { shapeOf } from '../../src/schema/table-shape';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * The Citus profile of the bundled schema, as SQL: what the migrations send on a Citus coordinator
 * (frozen here, since CI has no Citus; test/citus runs it there), and that the single-server
 * profile is untouched by it.
 */
const tables = [tenantsTable, ...schemaTables];
const def = (name: string) => tables.find((t) => t.name === name)!;

describe('Citus profile: shapes of the bundled tables', () => {
  const conferences = shapeOf(def('conferences'), citusDialect);

  it('tenant tables: primary key (tenant_id, id), no separate (tenant_id, id) unique, distributed and co-located right after creation', () => {
    expect(conferences.primaryKey).toEqual(['tenant_id', 'id']);
    expect(conferences.uniqueConstraints).toEqual([]);
    expect(conferences.placement).toEqual([
      `SELECT create_distributed_table('"conferences"', 'tenant_id', colocate_with => coalesce((SELECT p.logicalrelid::regclass::text ` +
        `FROM pg_dist_partition p WHERE p.partmethod = 'h' AND column_to_column_name(p.logicalrelid, p.partkey) = 'tenant_id' ` +
        `ORDER BY p.logicalrelid::oid LIMIT 1), 'default'))`,
    ]);
    for (const t of tables.filter((x) => x.kind === 'tenant')) expect(shapeOf(t, citusDialect).primaryKey).toEqual(['tenant_id', 'id']);
  });

  it('optional references and actors: composite with tenant_id, ON DELETE NO ACTION; required ones cascade; no ON UPDATE action anywhere', () => {
    const venue = conferences.foreignKeys.find((f) => f.name === 'fk_conferences_venue_id')!;
    expect(venue.sql).toBe(
      'CONSTRAINT "fk_conferences_venue_id" FOREIGN KEY ("tenant_id", "venue_id") REFERENCES "venues" ("tenant_id", "id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    expect(venue.onDelete).toBe('NO ACTION');
    const actor = conferences.foreignKeys.find((f) => f.name === 'fk_conferences_created_by')!;
    expect([actor.columns, actor.refColumns, actor.onDelete]).toEqual([['tenant_id', 'created_by'], ['tenant_id', 'id'], 'NO ACTION']);
    const keys = tables.flatMap((t) => shapeOf(t, citusDialect).foreignKeys);
    expect(keys.filter((k) => /SET NULL|ON UPDATE (?!NO ACTION)/.test(k.sql))).toEqual([]);
    expect(keys.filter((k) => k.refTable !== 'tenants' && !k.columns.includes('tenant_id'))).toEqual([]);
    expect(shapeOf(def('sessions'), citusDialect).foreignKeys.find((f) => f.name === 'fk_sessions_conference_id')?.onDelete).toBe('CASCADE');
  });

  it('global tables: reference tables, except the coordinator-local cache, web sessions and queue', () => {
    const placement = Object.fromEntries(tables.filter((t) => t.kind === 'global').map((t) => [t.name, shapeOf(t, citusDialect).placement]));
    expect(placement).toEqual({
      cache: [],
      web_sessions: [],
      jobs: [],
      failed_jobs: [],
      countries: [`SELECT create_reference_table('"countries"')`],
      languages: [`SELECT create_reference_table('"languages"')`],
      routes: [`SELECT create_reference_table('"routes"')`],
      tenants: [`SELECT create_reference_table('"tenants"')`],
      system_settings: [`SELECT create_reference_table('"system_settings"')`],
    });
    // A reference table may keep a unique key without a tenant: tenants keeps its slug.
    expect(shapeOf(def('tenants'), citusDialect).indexes.some((i) => i.unique && i.columns[0] === 'slug')).toBe(true);
  });

  it('policies without subqueries (Citus refuses them); the tenant policy is the single-server one', () => {
    const policies = tables.flatMap((t) => shapeOf(t, citusDialect).rowSecurity).filter((s) => s.startsWith('CREATE POLICY'));
    expect(policies).toHaveLength(2 * 41);
    expect(policies.filter((p) => /\(\s*SELECT/i.test(p))).toEqual([]);
    expect(shapeOf(def('venues'), citusDialect).rowSecurity[4]).toBe(
      `CREATE POLICY "tenant_system_access" ON "venues" AS PERMISSIVE FOR ALL TO "tenancy_system" ` +
        `USING ("tenant_id" >= CASE WHEN tenancy_system_access() THEN '00000000-0000-0000-0000-000000000000'::uuid END) ` +
        `WITH CHECK ("tenant_id" >= CASE WHEN tenancy_system_access() THEN '00000000-0000-0000-0000-000000000000'::uuid END)`,
    );
    expect(shapeOf(def('venues'), citusDialect).rowSecurity[3]).toBe(shapeOf(def('venues'), postgresDialect).rowSecurity[3]);
  });

  it('the key table is a reference table and the key check may read it from a shard; one server keeps neither', () => {
    const citus = citusDialect.tenantIsolationSetup();
    expect(citus).toContain(`SELECT create_reference_table('tenancy_private.system_keys')`);
    expect(citus.find((s) => s.startsWith('CREATE FUNCTION'))).toContain('SET search_path = pg_catalog, pg_temp SET citus.allow_nested_distributed_execution = on AS $fn$');
    expect(systemAccessSetup().join('\n')).not.toMatch(/citus|create_reference_table/);
    expect(postgresDialect.tenantIsolationSetup()).toEqual(systemAccessSetup());
  });

  it('single-server shapes carry no placement and keep PK (id) with the (tenant_id, id) unique', () => {
    const shape = shapeOf(def('conferences'), postgresDialect);
    expect([shape.placement, shape.primaryKey, shape.uniqueConstraints]).toEqual([[], ['id'], [{ name: 'uq_conferences_tenant_id_id', columns: ['tenant_id', 'id'] }]]);
    expect(tables.every((t) => shapeOf(t, postgresDialect).placement.length === 0)).toBe(true);
  });
});

describe('Citus profile: how it is chosen', () => {
  const saved = process.env[CITUS_PROFILE_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[CITUS_PROFILE_ENV];
    else process.env[CITUS_PROFILE_ENV] = saved;
  });

  it('useCitusProfile sets it per DataSource; the environment variable wins both ways', () => {
    delete process.env[CITUS_PROFILE_ENV];
    const a = new DataSource({ type: 'postgres' });
    const b = new DataSource({ type: 'postgres' });
    useCitusProfile(a, true);
    expect([dialectOf(a), dialectOf(b)]).toEqual([citusDialect, postgresDialect]);
    process.env[CITUS_PROFILE_ENV] = 'off';
    expect(dialectOf(a)).toBe(postgresDialect);
    process.env[CITUS_PROFILE_ENV] = 'on';
    expect(dialectOf(b)).toBe(citusDialect);
  });
});

describeEachDatabase('Citus profile detection on a database without Citus', { migrate: false }, (db) => {
  it('finds no citus extension, on the DataSource and on a query runner, and records nothing in the runner', async () => {
    const ds = db().dataSource;
    const runner = ds.createQueryRunner();
    try {
      const sent: string[] = [];
      const query = runner.query.bind(runner);
      runner.query = (async (sql: string, ...rest: unknown[]) => (sent.push(sql), query(sql, ...(rest as [])))) as typeof runner.query;
      expect(await detectCitusProfile(runner)).toBe(false);
      expect(sent).toEqual([]);
    } finally {
      await runner.release();
    }
    expect(await detectCitusProfile(ds)).toBe(false);
    expect(citusProfileOn(ds)).toBe(false);
  });
});
