import { DataSource } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { runDoctor } from '../../src/cli/doctor/run-doctor';
import type { DoctorCheck } from '../../src/cli/doctor/doctor-report';
import { bundledEntities, User } from '../../src/entities';
import { withTenant } from '../../src/tenancy/with-tenant';
import { describeCitus } from '../support/citus';
import { seedTenants } from '../support/tenants';

const citusChecks = (checks: DoctorCheck[]) => checks.filter((c) => c.check.startsWith('citus-'));
const failed = (checks: DoctorCheck[]) => citusChecks(checks).filter((c) => c.status !== 'pass');

/** The doctor's Citus checks on the bundled schema migrated with the Citus profile. */
describeCitus('doctor on a Citus coordinator', { entities: bundledEntities }, (db) => {
  beforeAll(async () => {
    const [a] = await seedTenants(db().owner, 'doc-a');
    await withTenant(a, () => db().app.getRepository(User).save({ email: 'd@example.com', name: 'd', status: 'active' }));
  });

  it('as the application role in the Citus form: every tenant table distributed and co-located, reference tables, settings on the workers', async () => {
    const report = await runDoctor(db().app);
    const checks = citusChecks(report.checks);
    expect(failed(report.checks)).toEqual([]);
    expect(checks.filter((c) => c.check === 'citus-distribution').length).toBe(40);
    expect(checks.map((c) => c.check)).toEqual(expect.arrayContaining(['citus-colocation', 'citus-reference-tables', 'citus-wall-settings']));
    expect(checks.find((c) => c.check === 'citus-wall-settings')?.detail).toMatch(/tenancy_system with the system key/);
  });

  it('a DataSource in the default form fails citus-wall-settings with the fix', async () => {
    const plain = await db().openApp({ rowLevelSecurity: { systemKey: db().systemKey } });
    const report = await runDoctor(plain);
    expect(failed(report.checks).map((c) => [c.check, c.status])).toEqual([['citus-wall-settings', 'fail']]);
    expect(report.checks.find((c) => c.check === 'citus-wall-settings')?.detail).toMatch(/citus: true/);
    expect(report.ok).toBe(false);
  });

  it('a URL doctor (no session layer, superuser) probes with its own SET LOCALs and the key; without a key it skips', async () => {
    const ds = new DataSource({ ...connectionOptionsFromUrl(db().url), extra: { max: 1 } });
    await ds.initialize();
    try {
      expect(failed((await runDoctor(ds, { systemKey: db().systemKey })).checks)).toEqual([]);
      const wrong = (await runDoctor(ds, { systemKey: 'y'.repeat(40) })).checks.find((c) => c.check === 'citus-wall-settings');
      expect(wrong?.status).toBe('skip');
      const saved = process.env.TENANCY_SYSTEM_KEY;
      delete process.env.TENANCY_SYSTEM_KEY;
      expect((await runDoctor(ds)).checks.find((c) => c.check === 'citus-wall-settings')?.status).toBe('skip');
      if (saved !== undefined) process.env.TENANCY_SYSTEM_KEY = saved;
    } finally {
      await ds.destroy();
    }
  });

  it('a tenant table left on the coordinator fails citus-distribution', async () => {
    await db().owner.query('CREATE TABLE stray_notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)');
    try {
      const stray = (await runDoctor(db().app)).checks.find((c) => c.check === 'citus-distribution' && c.table === 'stray_notes');
      expect(stray).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not distributed by tenant_id/) });
    } finally {
      await db().owner.query('DROP TABLE stray_notes');
    }
  });
});
