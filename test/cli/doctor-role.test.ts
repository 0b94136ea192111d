import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { runDoctor, type DoctorOptions, type DoctorReport } from '../../src/cli/doctor';
import { dialectOf } from '../../src/dialect/dialect-of';
import { createApplicationRole, registerSystemKey } from '../../src/dialect/postgres-app-role';
import { SYSTEM_ROLE, TENANT_ROLE } from '../../src/dialect/postgres-rls';
import type { TenancyOptions } from '../../src/scopes/tenancy-options';
import { uuidv7 } from '../../src/uuid';
import { CreateDoctorProbes, detailOf, failures, withChecksOff } from '../support/doctor-probes';
import { openScratch, type Scratch } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';

/**
 * The doctor run as the role an application should connect as (PostgreSQL): that role passes the
 * role check but cannot see other tenants' rows, so orphan counts are skipped, not passed, unless a
 * registered system key opens the wall; BYPASSRLS, owning a tenant table or being able to write
 * system keys each fail the check. The role is cluster-wide, so its name is random, and it is
 * dropped after the scratch database. On PGlite (one session user) the run uses SET ROLE. The
 * MySQL family has no role check (doctor.test.ts asserts that it says so).
 */

for (const target of TARGETS.filter((t) => t.family === 'postgres')) {
  (isAvailable(target) ? describe : describe.skip)(`doctor as an application role [${target.name}]`, () => {
    const role = `tt_doc_${randomBytes(5).toString('hex')}`;
    const systemKey = randomBytes(32).toString('base64url');
    let scratch: Scratch | undefined;
    let ds: DataSource;
    const q = (name: string) => dialectOf(ds).quote(name);
    const db = () => scratch!;

    /** The doctor connected as `role`: its own login on the server; SET ROLE on PGlite's single session user. */
    async function doctorAs(options: DoctorOptions = {}, tenancy: TenancyOptions | false = false): Promise<DoctorReport> {
      const pglite = db().target.name === 'pglite';
      const roleDs = await db().open({ migrations: [], tenancy, extra: (pglite ? {} : { username: role, password: 'trust' }) as Partial<DataSourceOptions> });
      try {
        if (pglite) await roleDs.query(`SET ROLE ${role}`);
        return await runDoctor(roleDs, options);
      } finally {
        // PGlite's session outlives this client: hand it back as the superuser.
        if (pglite) await roleDs.query('RESET ROLE');
        await roleDs.destroy();
      }
    }

    /** Runs `fn` with an orphan in doctor_child (a tenant that does not exist), removed again afterwards. */
    async function withOrphan(fn: () => Promise<void>): Promise<void> {
      const id = uuidv7();
      await withChecksOff(ds, (runner, m) =>
        runner.query(`INSERT INTO ${q('doctor_child')} (${q('id')}, ${q('tenant_id')}, ${q('parent_id')}) VALUES (${m(1)}, ${m(2)}, ${m(3)})`, [id, uuidv7(), uuidv7()]),
      );
      try {
        await fn();
      } finally {
        await ds.query(`DELETE FROM ${q('doctor_child')} WHERE ${q('id')} = $1`, [id]);
      }
    }

    beforeAll(async () => {
      scratch = await openScratch(target, { migrations: [CreateDoctorProbes], tenancy: false });
      ds = scratch.dataSource;
      await createApplicationRole(ds, { role });
      await registerSystemKey(ds, systemKey, 'doctor tests');
    });

    afterAll(async () => {
      await scratch?.close();
      // Roles are cluster-wide; the scratch database holding its grants is gone, so it can go too.
      if (target.name === 'pglite') return;
      const admin = new Client({ connectionString: target.url });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    });

    it('passes the role check, and skips orphan counts it could not see (no system key)', async () => {
      await withOrphan(async () => {
        const report = await doctorAs();
        expect(report.role).toBe(role);
        expect(failures(report)).toEqual([]);
        expect(detailOf(report, null, 'connecting-role')).toBe(`${role}: not a superuser, no BYPASSRLS, owns no tenant table, no TRUNCATE, cannot register system keys`);
        expect(detailOf(report, null, 'system-access')).toMatch(/this run has no system access$/);
        const skipped = report.checks.filter((c) => c.status === 'skip');
        expect(skipped.map((c) => `${c.table} ${c.check}`)).toEqual(['doctor_child orphan-rows', 'doctor_parent orphan-rows']);
        expect(skipped[0].detail).toMatch(/row-level security hides rows of doctor_child, tenants, doctor_parent from tt_doc_.*set TENANCY_SYSTEM_KEY/);
        expect(report.ok).toBe(true);
      });
    });

    it('counts every tenant’s rows with a registered system key (option, TENANCY_SYSTEM_KEY, or the session layer’s own key)', async () => {
      await withOrphan(async () => {
        const viaOption = await doctorAs({ systemKey });
        expect(detailOf(viaOption, null, 'system-access')).toMatch(/this run has system access$/);
        expect(failures(viaOption)).toEqual(['doctor_child orphan-rows']);
        expect(detailOf(viaOption, 'doctor_child', 'orphan-rows')).toMatch(/^1 row whose tenant_id → tenants row is missing/);

        process.env.TENANCY_SYSTEM_KEY = systemKey;
        try {
          expect(failures(await doctorAs())).toEqual(['doctor_child orphan-rows']);
        } finally {
          delete process.env.TENANCY_SYSTEM_KEY;
        }
        // With the library's session layer on, the doctor runs inside withoutTenantScope and the layer sends its key.
        expect(failures(await doctorAs({}, { rowLevelSecurity: { systemKey } }))).toEqual(['doctor_child orphan-rows']);
        expect(failures(await doctorAs({}, {}))).toEqual([]);
        // A key that is not registered opens nothing: skipped, not passed.
        const wrong = await doctorAs({ systemKey: randomBytes(32).toString('base64url') });
        expect(wrong.checks.filter((c) => c.check === 'orphan-rows').map((c) => c.status)).toEqual(['skip', 'skip']);
      });
    });

    it('fails the role check for BYPASSRLS (and then sees every row)', async () => {
      await ds.query(`ALTER ROLE ${role} BYPASSRLS`);
      try {
        await withOrphan(async () => {
          const report = await doctorAs();
          expect(failures(report)).toEqual(['(database) connecting-role', 'doctor_child orphan-rows']);
          expect(detailOf(report, null, 'connecting-role')).toBe(`${role} has BYPASSRLS: it bypasses every policy (ALTER ROLE ${role} NOBYPASSRLS)`);
          expect(report.ok).toBe(false);
        });
      } finally {
        await ds.query(`ALTER ROLE ${role} NOBYPASSRLS`);
      }
    });

    it('fails the role check for the owner of a tenant table', async () => {
      await ds.query(`ALTER TABLE ${q('doctor_parent')} OWNER TO ${role}`);
      try {
        const report = await doctorAs();
        expect(failures(report)).toEqual(['(database) connecting-role']);
        expect(detailOf(report, null, 'connecting-role')).toMatch(new RegExp(`^${role} owns \\(or is a member of the owner of\\) 1 table behind the wall \\(doctor_parent\\): an owner can switch row-level security off`));
      } finally {
        await ds.query(`ALTER TABLE ${q('doctor_parent')} OWNER TO CURRENT_USER`);
        // Handing the table back takes the role's grants on it along; the role script repairs them.
        await createApplicationRole(ds, { role });
      }
    });

    it('skips the data checks of a table it may not read, and goes on with the rest', async () => {
      // The doctor counts as tenancy_system once its key opens the wall: take it from both.
      await ds.query(`REVOKE SELECT ON ${q('doctor_parent')} FROM ${role}, ${SYSTEM_ROLE}, ${TENANT_ROLE}`);
      try {
        const report = await doctorAs({ systemKey });
        expect(report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.status} ${c.table} ${c.check}`)).toEqual([
          'skip doctor_child orphan-rows',
          'skip doctor_parent orphan-rows',
          'skip doctor_parent explain-index',
        ]);
        expect(detailOf(report, 'doctor_parent', 'explain-index')).toMatch(/^could not run \(permission denied for table doctor_parent\)/);
      } finally {
        await ds.query(`GRANT SELECT ON ${q('doctor_parent')} TO ${SYSTEM_ROLE}, ${TENANT_ROLE}`);
        await createApplicationRole(ds, { role });
      }
    });

    it('fails the role check for a role that may TRUNCATE a tenant table (TRUNCATE ignores row-level security)', async () => {
      await ds.query(`GRANT TRUNCATE ON ${q('doctor_child')} TO ${role}`);
      try {
        const report = await doctorAs();
        expect(failures(report)).toEqual(['(database) connecting-role']);
        expect(detailOf(report, null, 'connecting-role')).toBe(
          `${role} may TRUNCATE 1 table behind the wall (doctor_child): TRUNCATE ignores row-level security and empties every tenant's rows (REVOKE TRUNCATE)`,
        );
      } finally {
        await ds.query(`REVOKE TRUNCATE ON ${q('doctor_child')} FROM ${role}`);
      }
    });

    it('passes wall-roles and temp-tables for the role app-role made, fails them for TEMP and for an inheriting membership', async () => {
      const report = await doctorAs();
      expect(detailOf(report, null, 'wall-roles')).toBe(`${role} is a member of ${TENANT_ROLE} and ${SYSTEM_ROLE} and inherits neither`);
      expect(detailOf(report, null, 'temp-tables')).toBe(`${role} cannot create temporary tables`);
      const [{ v }] = await ds.query(`SELECT current_setting('server_version_num')::int AS v`);
      await ds.query(`DO $$ BEGIN EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO ${role}', current_database()); END $$`);
      await ds.query(v >= 160000 ? `GRANT ${SYSTEM_ROLE} TO ${role} WITH INHERIT TRUE` : `ALTER ROLE ${role} INHERIT`);
      try {
        const widened = await doctorAs();
        expect(failures(widened)).toEqual(['(database) temp-tables', '(database) wall-roles']);
        expect(detailOf(widened, null, 'wall-roles')).toMatch(new RegExp(`^${role} inherits the privileges of ${SYSTEM_ROLE}( and ${TENANT_ROLE})?, so their policies apply`));
        expect(detailOf(widened, null, 'temp-tables')).toMatch(/may create temporary tables .*REVOKE TEMPORARY ON DATABASE … FROM PUBLIC/);
      } finally {
        await ds.query(`DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM ${role}', current_database()); END $$`);
        await createApplicationRole(ds, { role });
      }
    });

    it('fails the role check for a role that can register system keys', async () => {
      await ds.query(`GRANT USAGE ON SCHEMA tenancy_private TO ${role}`);
      await ds.query(`GRANT INSERT ON tenancy_private.system_keys TO ${role}`);
      try {
        const report = await doctorAs();
        expect(failures(report)).toEqual(['(database) connecting-role']);
        expect(detailOf(report, null, 'connecting-role')).toMatch(/can write tenancy_private\.system_keys: it could register a system key of its own/);
      } finally {
        await ds.query(`REVOKE ALL ON tenancy_private.system_keys FROM ${role}`);
        await ds.query(`REVOKE ALL ON SCHEMA tenancy_private FROM ${role}`);
      }
    });
  });
}
