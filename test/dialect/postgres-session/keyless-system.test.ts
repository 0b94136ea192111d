import type { DataSource } from 'typeorm';
import { Tenant } from '../../../src/entities/tenant.entity';
import { KEYLESS_SYSTEM_SETTINGS, NO_SETTINGS, boundSettings, settingsOfContext } from '../../../src/dialect/postgres-session/statement-settings';
import { SystemAccessUnavailableError } from '../../../src/errors';
import { withoutTenantScope, withTenant } from '../../../src/tenancy/with-tenant';
import { uuidv7 } from '../../../src/uuid';
import { describeEachAppRole } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { isAvailable, TARGETS } from '../../support/targets';
import { seedTenantNotes } from '../../support/tenants';
import { openWallOwner, seedThroughWall, type WallOwner } from '../../support/wall-owner';

/** What a promise rejects with (undefined when it resolves). */
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { code?: string; problem?: string });

const KEY_MISSING = /system key is missing.*rowLevelSecurity: \{ systemKey: process\.env\.TENANCY_SYSTEM_KEY \}/;

describe('keyless system settings', () => {
  it('inside withoutTenantScope without a key: marked keyless, and on the wire the same as no context', () => {
    expect(withoutTenantScope(() => settingsOfContext(null))).toBe(KEYLESS_SYSTEM_SETTINGS);
    expect(boundSettings(KEYLESS_SYSTEM_SETTINGS)).toEqual(boundSettings(NO_SETTINGS));
    expect(settingsOfContext(null)).toBe(NO_SETTINGS);
    expect(withoutTenantScope(() => settingsOfContext('k'.repeat(32))).keylessSystem).toBeUndefined();
  });
});

/**
 * Issue 15: `withoutTenantScope` under the application role (not owner, no BYPASSRLS) with the
 * session layer on and no system key. It used to read `[]` and fail to create a tenant with "does
 * not belong to the current tenant"; now every statement it would send without the key is refused
 * with SYSTEM_ACCESS_UNAVAILABLE, saying the key is missing and how to configure it.
 */
describeEachAppRole('withoutTenantScope without a system key', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000], poolers: ['pgbouncer-transaction'] }, (db) => {
  let keyless: DataSource;
  let tenants: string[];
  beforeAll(async () => {
    tenants = await seedTenantNotes(db().app, ['kl-a', 'kl-b'], ['one', 'two']);
    keyless = await db().open({ tenancy: { rowLevelSecurity: true } });
  });
  afterAll(async () => {
    if (keyless?.isInitialized) await keyless.destroy();
  });

  it('reads fail with SYSTEM_ACCESS_UNAVAILABLE (not a silent []): repositories, QueryBuilder, raw SQL, in a transaction', async () => {
    const attempts = [
      () => keyless.getRepository(Note).find(),
      () => keyless.getRepository(Note).createQueryBuilder('n').getMany(),
      () => keyless.query('SELECT id FROM notes'),
      () => keyless.transaction((m) => m.getRepository(Note).count()),
    ];
    for (const attempt of attempts) {
      const error = await rejection(withoutTenantScope(attempt));
      // TypeORM wraps what the driver rejects with in a QueryFailedError (code and fields copied).
      expect((error as { driverError?: unknown })?.driverError ?? error).toBeInstanceOf(SystemAccessUnavailableError);
      expect(error).toMatchObject({ code: 'SYSTEM_ACCESS_UNAVAILABLE', problem: 'layer-without-key', role: db().role });
      expect(error?.message).toMatch(KEY_MISSING);
    }
  });

  it('creating a tenant fails with the same typed error, and nothing is written', async () => {
    const error = await rejection(withoutTenantScope(() => keyless.getRepository(Tenant).save({ name: 'KL', slug: 'kl-new' })));
    expect(error).toMatchObject({ code: 'SYSTEM_ACCESS_UNAVAILABLE' });
    expect(error?.message).toMatch(KEY_MISSING);
    expect(await withoutTenantScope(() => db().app.getRepository(Tenant).countBy({ slug: 'kl-new' }))).toBe(0);
  });

  it('the same DataSource inside withTenant and outside any scope works as before', async () => {
    const mine = await withTenant(tenants[0], () => keyless.getRepository(Note).find());
    expect(mine.map((n) => n.tenantId)).toEqual([tenants[0], tenants[0]]);
    expect(await keyless.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    // Outside any scope the application role sees no tenant row (the wall, as before): nothing was asked for.
    expect(await keyless.query('SELECT id FROM notes')).toEqual([]);
  });

  it("an insert with an id the caller chose still works (the foreign-id look-up needs system access and is left to the primary key), and another tenant's id is refused by that key", async () => {
    const id = uuidv7();
    await withTenant(tenants[0], () => keyless.getRepository(Note).insert({ id, title: 'chosen id', views: 0 }));
    expect(await withTenant(tenants[0], () => keyless.getRepository(Note).countBy({ id }))).toBe(1);
    const foreign = await rejection(withTenant(tenants[1], () => keyless.getRepository(Note).insert({ id, title: 'same id, other tenant', views: 0 })));
    expect(foreign).toBeDefined();
    expect(await withTenant(tenants[1], () => keyless.getRepository(Note).countBy({ id }))).toBe(0);
    await withTenant(tenants[0], () => keyless.getRepository(Note).delete({ id }));
  });

  it('with the system key configured, withoutTenantScope sees every tenant (unchanged)', async () => {
    expect(await withoutTenantScope(() => db().app.getRepository(Note).count())).toBe(4);
  });

  it('no wall setup (rowLevelSecurity: false): nothing is refused, the database decides (the application role as itself)', async () => {
    const plain = await db().open({ tenancy: { rowLevelSecurity: false } });
    try {
      expect(await withoutTenantScope(() => plain.query('SELECT id FROM notes'))).toEqual([]);
    } finally {
      await plain.destroy();
    }
  });
});

/** Owners (migrations, the doctor) and superusers with the same keyless session layer: unaffected. */
for (const target of TARGETS.filter((t) => t.family === 'postgres')) {
  (isAvailable(target) ? describe : describe.skip)(`withoutTenantScope without a system key as the owner [${target.name}]`, () => {
    let w: WallOwner;
    let ds: DataSource;
    beforeAll(async () => {
      w = await openWallOwner(target, [CreateTestTables1800000000000]);
      await seedThroughWall(w.owner, w.systemKey, ['ko-a'], 2);
      await w.owner.destroy(); // PGlite: one DataSource at a time
      ds = await w.open({ rowLevelSecurity: true });
    }, 120_000);
    afterAll(() => w?.close());

    it('a non-superuser owner: statements run as before (DDL works; forced RLS still hides tenant rows from it)', async () => {
      await withoutTenantScope(async () => {
        await ds.query('CREATE TABLE hs_keyless_ddl (a int)');
        expect(await ds.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 0 }]);
        await ds.query('DROP TABLE hs_keyless_ddl');
      });
    });

    (target.name === 'postgres' ? it : it.skip)('a superuser: sees every row as before (not run on pglite: its session runs as the owner here)', async () => {
      const superuser = await w.open({ rowLevelSecurity: true }, { username: 'postgres' } as never);
      try {
        expect(await withoutTenantScope(() => superuser.query('SELECT count(*)::int AS n FROM notes'))).toEqual([{ n: 2 }]);
      } finally {
        await superuser.destroy();
      }
    });
  });
}
