import type { DataSource } from 'typeorm';
import { runDoctor } from '../../src/cli/doctor/run-doctor';
import { VITESS_PROFILE_LINE } from '../../src/cli/doctor/vitess-profile-check';
import { Conference } from '../../src/entities/conference/conference.entity';
import { Session } from '../../src/entities/conference/session.entity';
import { withTenant } from '../../src/tenancy/with-tenant';
import { isAvailable, TARGETS } from '../support/targets';
import { seedTenants } from '../support/tenants';
import { openVitessScratch, withProfile, type VitessScratch } from '../support/vitess-scratch';
import { cliIn } from './cli-process';

const rows = async (ds: DataSource) => (await runDoctor(ds)).checks;

/**
 * The doctor on a database migrated with the Vitess profile: one plain database-wide row saying the
 * scope layer is the only wall, the key and reference rows saying what holds instead of failing,
 * schema-drift compared in the profile, and orphans (possible: nothing cascades) as warnings.
 */
for (const target of TARGETS) {
  const family = target.family === 'mysql';
  const suite = family && isAvailable(target) ? describe : describe.skip;
  suite(`doctor on the Vitess profile [${target.name}${family ? '' : ': not the MySQL family, the profile does not apply'}]`, () => {
    let db: VitessScratch;
    beforeAll(async () => {
      db = await openVitessScratch(target);
    }, 600_000);
    afterAll(async () => {
      await db?.close();
    });

    it('says plainly that the scope layer is the only wall, and fails nothing else', async () => {
      const report = await runDoctor(db.dataSource);
      const profile = report.checks.filter((c) => c.check === 'vitess-profile');
      expect(profile).toEqual([{ table: null, check: 'vitess-profile', status: 'warn', detail: expect.stringContaining(VITESS_PROFILE_LINE) }]);
      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(report.ok).toBe(true);
      const tenantKeys = report.checks.filter((c) => c.check === 'tenant-foreign-key');
      expect(tenantKeys.length).toBeGreaterThan(30);
      expect(tenantKeys.every((c) => c.status === 'pass' && c.detail.includes('Vitess profile'))).toBe(true);
      expect(report.checks.find((c) => c.table === 'sessions' && c.check === 'in-tenant-references')!.detail).toMatch(
        /5 references without keys \(Vitess profile\), checked by the scope layer's reference guard only \(fk_sessions_conference_id, fk_sessions_program_id, fk_sessions_venue_id, fk_sessions_created_by, fk_sessions_updated_by\)/,
      );
      expect(report.checks.filter((c) => c.check === 'schema-drift').every((c) => c.status === 'pass')).toBe(true);
    });

    it('fails the profile row when the process does not declare the profile (its application would run without the reference guard); drift still compares in the profile', async () => {
      // Without tenancy: an application DataSource (enableTenancy) without the variable refuses to start here.
      const plain = await db.open(undefined, false);
      const checks = await rows(plain);
      expect(checks.filter((c) => c.status === 'fail')).toEqual([
        { table: null, check: 'vitess-profile', status: 'fail', detail: expect.stringMatching(/is not 'vitess' here: .*no reference guard.*set TYPEORM_TENANCY_MYSQL_PROFILE=vitess/) },
      ]);
    });

    it('counts a child whose parent was deleted (nothing cascades) as an orphan warning', async () => {
      const ds = db.dataSource;
      const [tenant] = await seedTenants(ds, 'vt-doctor');
      const conference = await withTenant(tenant, () => ds.getRepository(Conference).save({ title: 'C', slug: 'c', startDate: '2027-01-01', endDate: '2027-01-02' }));
      await withTenant(tenant, () =>
        ds.getRepository(Session).insert({ conferenceId: conference.id, title: 'T', startTime: new Date('2027-01-01T10:00:00Z'), endTime: new Date('2027-01-01T11:00:00Z') }),
      );
      expect((await rows(ds)).find((c) => c.table === 'sessions' && c.check === 'orphan-rows')!.status).toBe('pass');
      await ds.query('DELETE FROM conferences WHERE id = ?', [conference.id]);
      const orphans = (await rows(ds)).find((c) => c.table === 'sessions' && c.check === 'orphan-rows')!;
      expect(orphans.status).toBe('warn');
      expect(orphans.detail).toMatch(/1 row whose conference_id → conferences row is missing \(in the same tenant\).*nothing cascades on the Vitess profile/);
      await ds.query('DELETE FROM sessions WHERE conference_id = ?', [conference.id]);
    });

    it('the CLI prints the line in its table', async () => {
      const run = await withProfile('vitess', () => cliIn(process.cwd(), ['doctor', '--url', db.url]));
      expect(run.stdout).toContain(VITESS_PROFILE_LINE);
      expect(run.code).toBe(0);
    }, 120_000);
  });

  suite(`doctor with the Vitess profile declared on a single-server database [${target.name}${family ? '' : ': not the MySQL family, the profile does not apply'}]`, () => {
    let db: VitessScratch;
    beforeAll(async () => {
      db = await openVitessScratch(target, 'default');
    }, 600_000);
    afterAll(async () => {
      await db?.close();
    });

    it('has no vitess-profile row without the profile (the single-server report is unchanged)', async () => {
      expect((await rows(db.dataSource)).filter((c) => c.check === 'vitess-profile')).toEqual([]);
    });

    it('fails the profile row when the profile is declared on a database with keys', async () => {
      const declared = await db.open('vitess');
      const row = (await rows(declared)).find((c) => c.check === 'vitess-profile')!;
      expect(row.status).toBe('fail');
      expect(row.detail).toMatch(/TYPEORM_TENANCY_MYSQL_PROFILE=vitess, but \d+ tenant tables have foreign keys or triggers .*migrated without the profile/);
    });
  });
}
