import { DataSource } from 'typeorm';
import { distributeCommand } from '../../src/cli/distribute/distribute-command';
import { doctorCommand } from '../../src/cli/doctor/doctor-command';
import { useCitusProfile } from '../../src/dialect/citus/citus-profile';
import { bundledEntities } from '../../src/entities';
import { bundledMigrations } from '../../src/migrations';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { CITUS_URL, citusSql, createCitusDatabase } from '../support/citus';

/**
 * The Citus profile of the bundled schema and `typeorm-tenancy distribute`, on a real Citus
 * cluster (TEST_CITUS_URL: a coordinator database with the extension and its workers registered;
 * docs/scale-out.md). Each suite works in its own database created on every node. Without the
 * variable the suites are skipped and say so.
 */
const describeCitus = CITUS_URL ? describe : describe.skip;
const gate = CITUS_URL ? '' : ' (Citus not configured: TEST_CITUS_URL unset)';

const sql = citusSql;
const citusDatabase = createCitusDatabase;

async function migrate(url: string, profile: boolean | undefined, transaction: 'all' | 'each' = 'all'): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url, migrations: bundledMigrations, logging: ['error'] });
  if (profile !== undefined) useCitusProfile(ds, profile);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction });
  } finally {
    await ds.destroy();
  }
}

/** How Citus holds the schema: counts a test compares. */
const PLACEMENT = [
  `SELECT (SELECT count(*) FROM citus_tables WHERE citus_table_type = 'distributed' AND distribution_column = 'tenant_id')::int AS distributed,
          (SELECT count(DISTINCT colocation_id) FROM citus_tables WHERE citus_table_type = 'distributed')::int AS groups,
          (SELECT string_agg(table_name::text, ',' ORDER BY table_name::text) FROM citus_tables WHERE citus_table_type = 'reference') AS reference,
          (SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public')::int AS keys,
          (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND pg_get_constraintdef(oid) ~ 'SET NULL|ON UPDATE CASCADE')::int AS refused_rules,
          (SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND pg_get_constraintdef(oid) = 'PRIMARY KEY (tenant_id, id)')::int AS tenant_keys,
          (SELECT count(*) FROM pg_policy WHERE pg_get_expr(polqual, polrelid) ~* '\\(\\s*SELECT')::int AS subquery_policies`,
];
const EXPECTED = {
  distributed: 40,
  groups: 1,
  reference: 'countries,languages,routes,system_settings,tenancy_private.system_keys,tenants',
  keys: 176,
  refused_rules: 0,
  tenant_keys: 40,
  subquery_policies: 0,
};

// Without correlated subqueries, which Citus refuses next to a reference table: the same rows on one server and on Citus.
const POPULATE = [
  `INSERT INTO tenants (id, name, slug) SELECT gen_random_uuid(), 'Tenant ' || i, 'tenant-' || i FROM generate_series(1, 3) i`,
  `INSERT INTO users (id, tenant_id, email, name) SELECT gen_random_uuid(), t.id, 'u' || i || '@' || t.slug, 'User ' || i FROM tenants t, generate_series(1, 20) i`,
  `INSERT INTO venues (id, tenant_id, name, created_by) SELECT gen_random_uuid(), f.tenant_id, 'Venue ' || i, f.id
   FROM (SELECT DISTINCT ON (tenant_id) tenant_id, id FROM users ORDER BY tenant_id, email) f, generate_series(1, 5) i`,
  `INSERT INTO conferences (id, tenant_id, title, slug, start_date, end_date, venue_id)
   SELECT gen_random_uuid(), v.tenant_id, 'Conf ' || i, 'conf-' || i, date '2027-01-01' + i, date '2027-01-02' + i, CASE WHEN i % 2 = 0 THEN v.id END
   FROM (SELECT DISTINCT ON (tenant_id) tenant_id, id FROM venues ORDER BY tenant_id, name) v, generate_series(1, 10) i`,
];
const COUNTS = `SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM venues)::int AS venues,
  (SELECT count(*) FROM conferences)::int AS conferences, (SELECT count(venue_id) FROM conferences)::int AS with_venue, (SELECT count(*) FROM countries)::int AS countries`;

describeCitus(`Citus profile: the bundled migrations on a fresh coordinator${gate}`, () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await citusDatabase(CITUS_URL!);
    await migrate(db.url, undefined); // detected: the citus extension is there
  }, 600_000);
  afterAll(async () => db?.drop(), 120_000);

  it('distributes every tenant table by tenant_id in one co-location group, globals as reference tables, no refused rule or policy', async () => {
    expect((await sql(db.url, PLACEMENT))[0]).toEqual(EXPECTED);
    const local = await sql(db.url, [`SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT EXISTS (SELECT FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)`]);
    expect(local[0].t).toBe('cache,failed_jobs,jobs,migrations,typeorm_metadata,web_sessions');
  });

  it("with a transaction per migration (transaction: 'each') too: the same placement", async () => {
    // Failed at 0101 users before shard work became sequential in each migration's transaction:
    // "cannot modify table users because there was a parallel operation on a distributed table".
    const each = await citusDatabase(CITUS_URL!);
    try {
      await migrate(each.url, undefined, 'each');
      expect((await sql(each.url, PLACEMENT))[0]).toEqual(EXPECTED);
    } finally {
      await each.drop();
    }
  }, 900_000);

  it('migration:generate finds nothing to change with the bundled entities', async () => {
    const ds = new DataSource({ type: 'postgres', url: db.url, entities: bundledEntities });
    enableTenancy(ds, { rowLevelSecurity: { citus: true } });
    await ds.initialize();
    try {
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  }, 120_000);

  it('deleting a still-referenced parent is refused (23503) instead of SET NULL; deleting a tenant still cascades', async () => {
    await sql(db.url, POPULATE);
    const [used] = await sql(db.url, ['SELECT tenant_id, venue_id FROM conferences WHERE venue_id IS NOT NULL LIMIT 1']);
    const venue = `DELETE FROM venues WHERE tenant_id = '${String(used.tenant_id)}' AND id = '${String(used.venue_id)}'`;
    await expect(sql(db.url, [venue])).rejects.toMatchObject({ code: '23503' });
    // Cleared first, the same delete goes through (what an application does on Citus).
    await sql(db.url, [`UPDATE conferences SET venue_id = NULL WHERE tenant_id = '${String(used.tenant_id)}' AND venue_id = '${String(used.venue_id)}'`, venue]);
    await sql(db.url, [`DELETE FROM tenants WHERE slug = 'tenant-1'`]);
    expect((await sql(db.url, [COUNTS]))[0]).toMatchObject({ tenants: 2, users: 40, conferences: 20 });
  }, 120_000);
  it('reverting every bundled migration (guarded drops, rows counted on the shards) leaves no table on any node', async () => {
    await sql(db.url, ['DELETE FROM tenants']); // cascades to every tenant row; seeds do not count
    const ds = new DataSource({ type: 'postgres', url: db.url, migrations: bundledMigrations, logging: ['error'] });
    await ds.initialize();
    try {
      for (let i = 0; i < bundledMigrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    const left = `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname IN ('public', 'tenancy_private') AND c.relname NOT IN ('migrations', 'typeorm_metadata')`;
    const [row] = await sql(db.url, [`SELECT (${left})::int AS coordinator, (SELECT array_agg(result ORDER BY nodeport) FROM run_command_on_workers($$${left}$$)) AS workers, (SELECT count(*) FROM pg_dist_partition)::int AS placed`]);
    expect(row).toEqual({ coordinator: 0, workers: expect.arrayContaining(['0']), placed: 0 });
    expect((row.workers as string[]).every((n) => n === '0')).toBe(true);
  }, 300_000);
});

describeCitus(`typeorm-tenancy distribute: a populated single-server schema on a coordinator${gate}`, () => {
  let db: { url: string; drop(): Promise<void> };
  let before: Record<string, unknown>;
  const out: string[] = [];
  beforeAll(async () => {
    db = await citusDatabase(CITUS_URL!);
    await migrate(db.url, false); // the single-server schema, as on the old server
    await sql(db.url, POPULATE);
    before = (await sql(db.url, [COUNTS]))[0];
  }, 600_000);
  afterAll(async () => db?.drop(), 120_000);

  it('--dry-run prints the transactions and changes nothing', async () => {
    expect(await distributeCommand({ url: db.url, dryRun: true }, (l) => out.push(l))).toBe(0);
    expect(out.filter((l) => l.startsWith('-- transaction')).length).toBeGreaterThan(40);
    expect(out.at(-1)).toMatch(/^Dry run: \d+ transactions planned, nothing changed\.$/);
    expect((await sql(db.url, ['SELECT count(*)::int AS n FROM pg_dist_partition']))[0].n).toBe(0);
  }, 120_000);

  it('distributes it: every row kept, the same placement as a fresh Citus migration, and a second run has nothing to do', async () => {
    const lines: string[] = [];
    expect(await distributeCommand({ url: db.url }, (l) => lines.push(l))).toBe(0);
    expect((await sql(db.url, [COUNTS]))[0]).toEqual(before);
    expect(before).toMatchObject({ tenants: 3, users: 60, venues: 15, conferences: 30, with_venue: 15 });
    expect((await sql(db.url, PLACEMENT))[0]).toEqual(EXPECTED);
    // The doctor compares the distributed schema with the Citus profile: only the superuser connection is flagged.
    let json = '';
    await doctorCommand({ url: db.url, json: true }, (t) => (json += t));
    const failed = (JSON.parse(json) as { checks: Array<{ check: string; status: string }> }).checks.filter((c) => c.status === 'fail').map((c) => c.check);
    expect(failed).toEqual(['connecting-role']);
    const again: string[] = [];
    expect(await distributeCommand({ url: db.url }, (l) => again.push(l))).toBe(0);
    expect(again).toEqual([`Nothing to do: 40 distributed tables in 1 co-location group(s), 6 reference tables, 176 foreign keys.`]);
  }, 600_000);
});
