import type { DataSource } from 'typeorm';
import { doctorCommand, runDoctor, type DoctorCheckId, type DoctorReport } from '../../src/cli/doctor';
import { withReadOnlyTransaction } from '../../src/dialect/catalog';
import type { Dialect } from '../../src/dialect/dialect';
import { dialectOf } from '../../src/dialect/dialect-of';
import { POLICY_NAME } from '../../src/dialect/postgres-rls';
import { schemaMigrations, schemaTables } from '../../src/migrations/schema';
import { tenantsTable } from '../../src/schema';
import { uuidv7 } from '../../src/uuid';
import { childOfParent, createProbe, detailOf, dropProbes, failures, withChecksOff } from '../support/doctor-probes';
import { insertTenant, tenantTables } from '../support/schema-fixtures';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * The doctor against the whole bundled schema: a fresh database passes, and each invariant broken
 * on purpose (on a probe table of its own, dropped again) is reported by exactly the check that
 * guards it, with a non-zero exit code. The test connection is a superuser, which PostgreSQL's
 * role check rightly fails; docs/doctor.md. Role checks as an application role: doctor-role.test.ts.
 */

const PER_TABLE: DoctorCheckId[] = ['tenant-not-null', 'tenant-index', 'tenant-foreign-key', 'unique-keys', 'in-tenant-references', 'orphan-rows', 'explain-index', 'schema-drift'];
const RLS_PER_TABLE: DoctorCheckId[] = ['row-level-security', 'tenant-policy'];

describeEachDatabase('doctor', { migrations: schemaMigrations }, (db) => {
  let ds: DataSource;
  let d: Dialect;
  let pg: boolean;
  /** What every run as the test superuser fails on PostgreSQL: the role check, and nothing else. */
  let baseline: string[];
  const q = (name: string) => d.quote(name);

  /** The CLI's own entry (a separate connection by URL), as `--json` prints it, with its exit code. */
  async function doctor(): Promise<{ code: number; report: DoctorReport; added: string[] }> {
    let out = '';
    const code = await doctorCommand({ url: db().url, json: true }, (text) => (out += text));
    const report: DoctorReport = JSON.parse(out);
    return { code, report, added: failures(report).filter((f) => !baseline.includes(f)) };
  }

  beforeAll(() => {
    ds = db().dataSource;
    d = dialectOf(ds);
    pg = d.family === 'postgres';
    baseline = pg ? ['(database) connecting-role'] : [];
  });

  it('passes a freshly migrated database: every check of every tenant table (PostgreSQL: all but the superuser role check)', async () => {
    const report = await runDoctor(ds);
    const tenant = tenantTables(schemaTables).map((t) => t.name);
    // The tenant tables and tenants, and the bundled global tables the drift check compared.
    const bundled = [tenantsTable, ...schemaTables].map((t) => t.name);
    expect(report.tables).toEqual([...bundled].sort());
    expect(failures(report)).toEqual(baseline);
    if (pg) expect(detailOf(report, null, 'connecting-role')).toMatch(/^postgres is a superuser: superusers bypass row-level security/);
    const skipped = report.checks.filter((c) => c.status === 'skip').map((c) => `${c.table ?? '(database)'} ${c.check}`);
    // The superuser bypasses the wall whatever its roles: the role-only checks say so and skip.
    expect(skipped).toEqual(pg ? ['(database) wall-roles', '(database) temp-tables'] : ['(database) row-level-security']);
    // No warning either: the fresh bundled schema has no redundant index.
    const warned = report.checks.filter((c) => c.status === 'warn').map((c) => `${c.table ?? '(database)'} ${c.check}`);
    expect(warned).toEqual([]);
    // Every tenant table gets every check of its family, and nothing else does.
    const expected = pg ? [...PER_TABLE, ...RLS_PER_TABLE] : PER_TABLE;
    for (const table of tenant) expect([table, report.checks.filter((c) => c.table === table).map((c) => c.check).sort()]).toEqual([table, [...expected].sort()]);
    expect(report.checks.filter((c) => c.table === 'tenants').map((c) => c.check)).toEqual(pg ? [...RLS_PER_TABLE, 'schema-drift'] : ['schema-drift']);
    for (const table of bundled.filter((t) => t !== 'tenants' && !tenant.includes(t))) {
      expect([table, report.checks.filter((c) => c.table === table).map((c) => c.check)]).toEqual([table, ['schema-drift']]);
    }
    expect(report.summary).toEqual({
      tables: bundled.length,
      checks: report.checks.length,
      passed: report.checks.length - baseline.length - skipped.length - warned.length,
      failed: baseline.length,
      warned: warned.length,
      skipped: skipped.length,
    });
    expect(report.ok).toBe(!pg);
  });

  it('exits 0 when nothing fails and 1 otherwise', async () => {
    const { code, report } = await doctor();
    expect(failures(report)).toEqual(baseline);
    expect(code).toBe(pg ? 1 : 0);
  });

  it('writes nothing: its transaction is READ ONLY', async () => {
    const insert = `INSERT INTO ${q('tenants')} (${q('id')}, ${q('name')}, ${q('slug')}) VALUES ('${uuidv7()}', 'ro', 'ro')`;
    await expect(withReadOnlyTransaction(ds, (runner) => runner.query(insert))).rejects.toThrow(/read[- ]only/i);
  });

  it('reports a tenant_id that allows NULL (tenant-not-null)', async () => {
    try {
      await createProbe(ds, 'doctor_nullable');
      await ds.query(pg ? `ALTER TABLE ${q('doctor_nullable')} ALTER COLUMN ${q('tenant_id')} DROP NOT NULL` : `ALTER TABLE ${q('doctor_nullable')} MODIFY ${q('tenant_id')} ${d.uuidType} NULL`);
      const { code, report, added } = await doctor();
      expect(added).toEqual(['doctor_nullable tenant-not-null']);
      expect(detailOf(report, 'doctor_nullable', 'tenant-not-null')).toMatch(/tenant_id .* NULL: rows without a tenant/);
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_nullable');
    }
  });

  it('reports a dropped index leading with tenant_id (tenant-index, and EXPLAIN no longer uses an index)', async () => {
    try {
      await createProbe(ds, 'doctor_unindexed');
      // The generic (tenant_id, created_at) index leads with tenant_id too: it goes first.
      const primary = dialectOf(ds).indexName('doctor_unindexed', 'idx_tenant_primary');
      await ds.query(pg ? `DROP INDEX ${q(primary)}` : `DROP INDEX ${q(primary)} ON ${q('doctor_unindexed')}`);
      // The MySQL family keeps an index for every foreign key: the key to tenants goes with it.
      await ds.query(
        pg
          ? `ALTER TABLE ${q('doctor_unindexed')} DROP CONSTRAINT ${q('uq_doctor_unindexed_tenant_id_id')}`
          : `ALTER TABLE ${q('doctor_unindexed')} DROP FOREIGN KEY ${q('fk_doctor_unindexed_tenant')}, DROP INDEX ${q('uq_doctor_unindexed_tenant_id_id')}`,
      );
      const { code, report, added } = await doctor();
      const extra = pg ? [] : ['doctor_unindexed tenant-foreign-key'];
      expect(added).toEqual(['doctor_unindexed explain-index', 'doctor_unindexed tenant-index', ...extra].sort());
      expect(detailOf(report, 'doctor_unindexed', 'tenant-index')).toMatch(/no index leads with tenant_id/);
      expect(detailOf(report, 'doctor_unindexed', 'explain-index')).toMatch(pg ? /Seq Scan/ : /key none, possible keys none/);
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_unindexed');
    }
  });

  it('reports a key to tenants without ON DELETE CASCADE (tenant-foreign-key)', async () => {
    try {
      await createProbe(ds, 'doctor_restrict');
      await ds.query(`ALTER TABLE ${q('doctor_restrict')} DROP ${pg ? 'CONSTRAINT' : 'FOREIGN KEY'} ${q('fk_doctor_restrict_tenant')}`);
      await ds.query(
        `ALTER TABLE ${q('doctor_restrict')} ADD CONSTRAINT ${q('fk_doctor_restrict_tenant')} FOREIGN KEY (${q('tenant_id')}) REFERENCES ${q('tenants')} (${q('id')}) ON DELETE RESTRICT`,
      );
      const { code, report, added } = await doctor();
      expect(added).toEqual(['doctor_restrict tenant-foreign-key']);
      expect(detailOf(report, 'doctor_restrict', 'tenant-foreign-key')).toMatch(/fk_doctor_restrict_tenant → tenants\(id\) ON DELETE RESTRICT/);
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_restrict');
    }
  });

  it('reports a unique key without tenant_id (unique-keys)', async () => {
    try {
      await createProbe(ds, 'doctor_unique');
      await ds.query(`CREATE UNIQUE INDEX ${q('uq_doctor_unique_code')} ON ${q('doctor_unique')} (${q('code')})`);
      const { code, report, added } = await doctor();
      expect(added).toEqual(['doctor_unique unique-keys']);
      expect(detailOf(report, 'doctor_unique', 'unique-keys')).toMatch(/^uq_doctor_unique_code \(code\) lacks tenant_id/);
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_unique');
    }
  });

  it('reports a one-column reference to another tenant table (in-tenant-references)', async () => {
    try {
      await createProbe(ds, 'doctor_loose', [{ name: 'conference_id', type: 'uuid' }], (x) => [
        `CONSTRAINT ${x.quote('fk_doctor_loose_conference_id')} FOREIGN KEY (${x.quote('conference_id')}) REFERENCES ${x.quote('conferences')} (${x.quote('id')})`,
      ]);
      const { code, report, added } = await doctor();
      expect(added).toEqual(['doctor_loose in-tenant-references']);
      expect(detailOf(report, 'doctor_loose', 'in-tenant-references')).toMatch(/^fk_doctor_loose_conference_id \(conference_id\) → conferences\(id\) can point at another tenant's row/);
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_loose');
    }
  });

  it('PostgreSQL: reports a dropped policy, RLS not forced, and a permissive policy beside tenant_isolation; MySQL family: says there is no RLS', async () => {
    if (!pg) {
      const report = await runDoctor(ds);
      expect(report.checks.filter((c) => c.check === 'row-level-security' || c.check === 'tenant-policy' || c.check === 'connecting-role')).toEqual([
        { table: null, check: 'row-level-security', status: 'skip', detail: expect.stringMatching(/MySQL family has no row-level security/) },
      ]);
      return;
    }
    try {
      for (const t of ['doctor_no_policy', 'doctor_not_forced', 'doctor_widened']) await createProbe(ds, t);
      await ds.query(`DROP POLICY ${q(POLICY_NAME)} ON ${q('doctor_no_policy')}`);
      await ds.query(`ALTER TABLE ${q('doctor_not_forced')} NO FORCE ROW LEVEL SECURITY`);
      await ds.query(`CREATE POLICY ${q('everyone')} ON ${q('doctor_widened')} FOR SELECT USING (true)`);
      const { code, report, added } = await doctor();
      expect(added).toEqual(['doctor_no_policy tenant-policy', 'doctor_not_forced row-level-security', 'doctor_widened tenant-policy']);
      expect(detailOf(report, 'doctor_no_policy', 'tenant-policy')).toMatch(/^no tenant_isolation policy/);
      expect(detailOf(report, 'doctor_not_forced', 'row-level-security')).toMatch(/^enabled but not forced: the owner \(postgres\) bypasses it/);
      expect(detailOf(report, 'doctor_widened', 'tenant-policy')).toMatch(/^everyone \(permissive FOR SELECT USING true\) is OR-ed with tenant_isolation/);
      await ds.query(`ALTER TABLE ${q('doctor_not_forced')} DISABLE ROW LEVEL SECURITY`);
      expect(detailOf((await doctor()).report, 'doctor_not_forced', 'row-level-security')).toMatch(/^row-level security is off/);
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_no_policy', 'doctor_not_forced', 'doctor_widened');
    }
  });

  it('reports orphan rows inserted with checks off: of a missing tenant, and of a missing parent in the tenant (orphan-rows)', async () => {
    try {
      await createProbe(ds, 'doctor_parent');
      await createProbe(ds, 'doctor_child', ...childOfParent);
      const tenant = await insertTenant(ds, 'doctor');
      await withChecksOff(ds, async (runner, m) => {
        const insert = `INSERT INTO ${q('doctor_child')} (${q('id')}, ${q('tenant_id')}, ${q('parent_id')}) VALUES (${m(1)}, ${m(2)}, ${m(3)})`;
        await runner.query(insert, [uuidv7(), uuidv7(), uuidv7()]); // no such tenant (nor parent)
        await runner.query(insert, [uuidv7(), tenant, uuidv7()]); // no such parent
      });
      const { code, report, added } = await doctor();
      expect(added).toEqual(['doctor_child orphan-rows']);
      expect(detailOf(report, 'doctor_child', 'orphan-rows')).toMatch(
        /^1 row whose tenant_id → tenants row is missing; 2 rows whose parent_id → doctor_parent row is missing \(in the same tenant\)/,
      );
      expect(code).toBe(1);
    } finally {
      await dropProbes(ds, 'doctor_child', 'doctor_parent');
    }
  });

  it('is back to the fresh result once the probes are gone', async () => {
    const { report } = await doctor();
    expect(failures(report)).toEqual(baseline);
    expect(report.tables.filter((t) => t.startsWith('doctor_'))).toEqual([]);
  });
});
