import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { renderLintReport, runLint, type LintReport } from '../../src/cli/lint';
import { listColumns, listForeignKeys, listIndexes, listRowSecurity, listTables } from '../../src/dialect/catalog';
import { dialectOf } from '../../src/dialect/dialect-of';
import { bundledMigrations, CreateTenantIsolation0099, CreateTenants0100 } from '../../src/migrations';
import { uuidv7 } from '../../src/uuid';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';
import { CreateLintOrders1800000200000, expectedRules, LintFails1800000200199, LintNoLockTimeout1800000200111, plantedMigrations } from './lint-fixtures/planted-migrations';

const EACH = { migrationsTransactionMode: 'each' } as const;

/** Everything about the target that lint must leave as it is: its schema, the migrations it records, the rows of the existing table. */
async function snapshot(ds: DataSource) {
  const q = dialectOf(ds).quote;
  return {
    tables: await listTables(ds),
    columns: await listColumns(ds),
    indexes: await listIndexes(ds),
    foreignKeys: await listForeignKeys(ds),
    rowSecurity: await listRowSecurity(ds),
    migrations: (await ds.query(`SELECT ${q('name')} AS name FROM ${q('migrations')} ORDER BY ${q('name')}`)).map((r: { name: string }) => r.name),
    orders: Number((await ds.query(`SELECT COUNT(*) AS n FROM ${q('lint_orders')}`))[0].n),
  };
}

/**
 * The lint's scratch databases of this target on its server (`<target>_lint_…`; other test files
 * create and drop databases at the same time). PGlite: none, its scratch is a separate in-memory PGlite.
 */
async function databases(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> =
    dialectOf(ds).family === 'postgres' ? await ds.query('SELECT datname AS name FROM pg_database') : await ds.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA');
  const prefix = `${String(ds.driver.database)}_lint_`;
  return rows.map((r) => r.name).filter((name) => name.startsWith(prefix)).sort();
}

const failing = (report: LintReport, migration: string) => [...new Set(report.findings.filter((f) => f.migration === migration && f.status === 'fail').map((f) => f.rule))].sort();

describeEachDatabase('typeorm-tenancy lint: planted migrations', { migrations: [CreateLintOrders1800000200000], extra: EACH }, (db, target) => {
  let report: LintReport;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let after: Awaited<ReturnType<typeof snapshot>>;
  let serverBefore: string[];
  let serverAfter: string[];

  beforeAll(async () => {
    const ds = db().dataSource;
    const q = dialectOf(ds).quote;
    const [tenant] = await seedTenants(ds, 'lint-a');
    for (const title of ['a', 'b', 'c']) {
      await ds.query(`INSERT INTO ${q('lint_orders')} (${q('id')}, ${q('tenant_id')}, ${q('title')}) VALUES (${target.family === 'postgres' ? '$1, $2, $3' : '?, ?, ?'})`, [uuidv7(), tenant, title]);
    }
    // Row estimates come from statistics.
    await ds.query(target.family === 'postgres' ? 'ANALYZE lint_orders' : 'ANALYZE TABLE lint_orders');
    before = await snapshot(ds);
    serverBefore = await databases(ds);
    const app = await db().open({ migrations: [CreateLintOrders1800000200000, ...plantedMigrations], extra: EACH });
    report = await runLint(app, { largeTableRows: 1 });
    after = await snapshot(ds);
    serverAfter = await databases(ds);
  }, 180_000);

  it('lints every planted pending migration on a scratch database, and each gets exactly its rule', () => {
    expect(report.migrations.map((m) => m.name)).toEqual(plantedMigrations.map((m) => m.name));
    const expected = expectedRules(target.family);
    expect(Object.fromEntries(plantedMigrations.map((m) => [m.name, failing(report, m.name)]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([name, rules]) => [name, [...rules].sort()])),
    );
    expect(report.ok).toBe(false);
    expect(report.scratch?.embedded).toBe(target.name === 'pglite');
  });

  it('honours a waiver with a reason, and flags one without (which waives nothing)', () => {
    const waived = report.findings.filter((f) => f.status === 'waived');
    expect(waived).toEqual([expect.objectContaining({ migration: 'LintWaived1800000200112', rule: 'lock-timeout', reason: 'lint_orders is written only by the nightly import' })]);
    expect(report.findings.find((f) => f.rule === 'waiver')).toMatchObject({ migration: 'LintWaiverWithoutReason1800000200113', detail: expect.stringMatching(/no reason/) });
    expect(report.summary).toEqual({ migrations: plantedMigrations.length, failed: report.findings.length - 1, waived: 1 });
  });

  it('accepts what createIndexOnline and withLockTimeout send, and says which statement tripped a rule', () => {
    const index = report.findings.find((f) => f.rule === 'blocking-index')!;
    expect(index).toMatchObject({ table: 'lint_orders', statement: expect.stringMatching(/^CREATE INDEX .*idx_lint_orders_title/) });
    expect(failing(report, 'LintOnlineIndex1800000200107')).toEqual([]);
    expect(report.findings.find((f) => f.rule === 'not-null-column')?.detail).toMatch(/about 3 rows \(large: over 1\)/);
  });

  it('leaves the target database unchanged and drops the scratch database', () => {
    expect(after).toEqual(before);
    expect(serverBefore).toEqual([]);
    expect(serverAfter).toEqual([]);
    expect(report.scratch!.database).toMatch(report.scratch!.embedded ? /embedded/ : /_lint_[0-9a-f]{8}$/);
  });

  (target.family === 'postgres' ? it.skip : it)('skips row-level-security visibly on the MySQL family (not run on PostgreSQL)', () => {
    expect(report.skipped).toEqual([{ rule: 'row-level-security', reason: expect.stringMatching(/no row-level security/) }]);
    expect(renderLintReport(report)).toMatch(/skip {2}row-level-security/);
  });

  (target.family === 'postgres' ? it : it.skip)('PostgreSQL only: flags a new tenant table without row-level security (not run on the MySQL family)', () => {
    expect(report.skipped).toEqual([]);
    expect(report.findings.find((f) => f.rule === 'row-level-security')).toMatchObject({ table: 'lint_bare', detail: expect.stringMatching(/row-level security is off/) });
  });

  it('reports a pending migration that fails on the scratch database as migration-failed (and still drops it)', async () => {
    const app = await db().open({ migrations: [CreateLintOrders1800000200000, LintFails1800000200199], extra: EACH });
    const report = await runLint(app);
    expect(report.findings).toEqual([
      expect.objectContaining({ migration: 'LintFails1800000200199', rule: 'migration-failed', status: 'fail', detail: expect.stringMatching(/lint_missing/) }),
    ]);
    expect(report.ok).toBe(false);
    expect(await databases(db().dataSource)).toEqual([]);
  }, 120_000);

  (target.name === 'postgres' ? it : it.skip)('refuses with LINT_SCRATCH_DATABASE as a user that may not create databases, changing nothing (PostgreSQL server only)', async () => {
    const role = `hl_lint_${randomBytes(4).toString('hex')}`;
    const ds = db().dataSource;
    await ds.query(`CREATE ROLE ${role} LOGIN NOCREATEDB`);
    let app: DataSource | undefined;
    try {
      await ds.query(`GRANT SELECT ON migrations TO ${role}`);
      app = new DataSource({ ...connectionOptionsFromUrl(db().url.replace('postgres@', `${role}@`)), migrations: [CreateLintOrders1800000200000, LintNoLockTimeout1800000200111] } as DataSourceOptions);
      await app.initialize();
      await expect(runLint(app)).rejects.toMatchObject({ code: 'LINT_SCRATCH_DATABASE', message: expect.stringMatching(/CREATEDB/) });
      expect(await databases(ds)).toEqual([]);
    } finally {
      await app?.destroy();
      await ds.query(`REVOKE ALL ON migrations FROM ${role}`);
      await ds.query(`DROP ROLE ${role}`);
    }
  });

  it('a DataSource given as a url: the scratch database gets the url rewritten, and the target still does not change', async () => {
    const { type } = connectionOptionsFromUrl(db().url);
    const migrations = [CreateTenantIsolation0099, CreateTenants0100, CreateLintOrders1800000200000, LintNoLockTimeout1800000200111];
    const app = new DataSource({ type, url: db().url, poolSize: 1, migrations, migrationsTransactionMode: 'each' } as DataSourceOptions);
    await app.initialize();
    try {
      const report = await runLint(app);
      expect(report.findings.map((f) => [f.migration, f.rule])).toEqual([['LintNoLockTimeout1800000200111', 'lock-timeout']]);
    } finally {
      await app.destroy();
    }
    expect(await snapshot(db().dataSource)).toEqual(before);
    expect(await databases(db().dataSource)).toEqual([]);
  }, 120_000);

  it('an executed migration the DataSource does not list cannot be replayed: reported, nothing run', async () => {
    const app = new DataSource({ ...connectionOptionsFromUrl(db().url), poolSize: 1, migrations: [CreateLintOrders1800000200000, LintNoLockTimeout1800000200111] } as DataSourceOptions);
    await app.initialize();
    try {
      const report = await runLint(app);
      expect(report.unreplayed.sort()).toEqual([CreateTenantIsolation0099, CreateTenants0100].map((m) => new m().name!).sort());
      expect(report.migrations).toEqual([]);
      expect(report.findings).toEqual([
        expect.objectContaining({ migration: 'CreateLintOrders1800000200000', rule: 'migration-failed', detail: expect.stringMatching(/replaying this migration, which the target has executed, failed: [\s\S]*does not list: Phase0099/) }),
      ]);
    } finally {
      await app.destroy();
    }
    expect(await databases(db().dataSource)).toEqual([]);
  }, 120_000);

  it('with nothing pending, reports so without creating a scratch database', async () => {
    const report = await runLint(db().dataSource);
    expect(report).toMatchObject({ scratch: null, migrations: [], findings: [], ok: true });
    expect(renderLintReport(report)).toMatch(/no pending migrations[\s\S]*lint: 0 pending migrations, 0 findings, 0 waived\n$/);
  });

  it('renders a table like the doctor: one line per migration, findings under it, a summary line', () => {
    const text = renderLintReport(report);
    expect(text).toMatch(/^typeorm-tenancy lint: /);
    expect(text).toMatch(/ {2}FAIL {2}LintBlockingIndex1800000200106 \(\d+ statements?\)\n {8}fail +blocking-index +lint_orders: /);
    expect(text).toMatch(/ {2}ok {4}LintOnlineIndex1800000200107/);
    expect(text.trimEnd().split('\n').pop()).toMatch(/^lint: 13 pending migrations, \d+ findings \(.*lock-timeout.*\), 1 waived$/);
  });
});

describeEachDatabase('typeorm-tenancy lint: the bundled migrations', { migrate: false }, (db) => {
  it('pass clean on an empty database', async () => {
    const rest = bundledMigrations.filter((m) => m !== CreateTenantIsolation0099 && m !== CreateTenants0100);
    const app = await db().open({ migrations: rest, extra: EACH });
    const report = await runLint(app);
    expect(report.findings).toEqual([]);
    expect(report.migrations).toHaveLength(bundledMigrations.length);
    expect(report.ok).toBe(true);
    expect((await listTables(db().dataSource)).map((t) => t.name)).toEqual([]);
  }, 180_000);
});
