import { randomBytes } from 'node:crypto';
import type { DataSource, Logger, MigrationInterface, QueryRunner } from 'typeorm';
import { SystemAccessUnavailableError } from '../../src/errors';
import { withSystemAccess } from '../../src/migrations/system-access';
import { withTenant } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';
import { seedTenants } from '../support/tenants';
import { onRunner } from '../support/on-runner';
import { openWallOwner, seedThroughWall, type WallOwner } from '../support/wall-owner';
import { inWallScope } from '../support/wall-scope';

const PER_TENANT = 4;
const SLUGS = ['sa-a', 'sa-b', 'sa-c'];

/** Notes per tenant and how many of them the backfill reached (`views = $1`), seen through the wall's system role. */
async function reached(w: WallOwner, views: number): Promise<Array<{ tenant: string; total: number; done: number }>> {
  return inWallScope(w.owner, { systemKey: w.systemKey }, (q) =>
    q(`SELECT tenant_id AS tenant, count(*)::int AS total, count(*) FILTER (WHERE views = $1)::int AS done FROM notes GROUP BY tenant_id ORDER BY tenant_id`, [views]),
  );
}

const everyTenant = (tenants: string[], done: number) => [...tenants].sort().map((tenant) => ({ tenant, total: PER_TENANT, done }));

async function withKeyEnv<T>(key: string | undefined, fn: () => Promise<T>): Promise<T> {
  const before = process.env.TENANCY_SYSTEM_KEY;
  if (key === undefined) delete process.env.TENANCY_SYSTEM_KEY;
  else process.env.TENANCY_SYSTEM_KEY = key;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.TENANCY_SYSTEM_KEY;
    else process.env.TENANCY_SYSTEM_KEY = before;
  }
}

let migrationKey = '';
/** A user's data migration as TypeORM's runner runs it (inside its transaction): a backfill, then DDL. */
class BackfillViews1800000000900 implements MigrationInterface {
  name = 'BackfillViews1800000000900';
  async up(qr: QueryRunner): Promise<void> {
    await withSystemAccess(qr, () => qr.query('UPDATE notes SET views = 3'), { systemKey: migrationKey });
    await qr.query('ALTER TABLE notes ADD COLUMN sa_after int NULL'); // as the owner again
  }
  async down(): Promise<void> {}
}

for (const target of TARGETS.filter((t) => t.family === 'postgres')) {
  (isAvailable(target) ? describe : describe.skip)(`withSystemAccess as a non-superuser owner under forced RLS [${target.name}]`, () => {
    let w: WallOwner;
    let tenants: string[];
    beforeAll(async () => {
      w = await openWallOwner(target, [CreateTestTables1800000000000]);
      tenants = await seedThroughWall(w.owner, w.systemKey, SLUGS, PER_TENANT);
    }, 120_000);
    afterAll(() => w?.close());

    it('the problem: as the owner a plain backfill sees no tenant row and updates 0 rows, silently', async () => {
      const [, updated] = await w.owner.query('UPDATE notes SET views = 9');
      expect(updated).toBe(0);
      expect(await reached(w, 9)).toEqual(everyTenant(tenants, 0));
    });

    it('without a key: SYSTEM_ACCESS_UNAVAILABLE (key missing, how to set it), fn never runs, nothing updated', async () => {
      let ran = false;
      const error = await withKeyEnv(undefined, () => onRunner(w.owner, (qr) => withSystemAccess(qr, async () => { ran = true; }))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SystemAccessUnavailableError);
      expect(error).toMatchObject({ code: 'SYSTEM_ACCESS_UNAVAILABLE', problem: 'key-missing', role: w.role });
      expect((error as Error).message).toMatch(/system key is missing.*TENANCY_SYSTEM_KEY.*rowLevelSecurity: \{ systemKey/);
      expect(ran).toBe(false);
    });

    it('with TENANCY_SYSTEM_KEY, outside a transaction: opens one, updates every tenant\'s rows, commits, and leaves the owner as it was', async () => {
      const outcome = await withKeyEnv(w.systemKey, () =>
        onRunner(w.owner, async (qr) => {
          const [, updated] = await withSystemAccess(qr, async () => qr.query('UPDATE notes SET views = 1'));
          const after = await qr.query(`SELECT current_user AS role, current_setting('app.tenant_system_key', true) AS key, $1::boolean AS open`, [qr.isTransactionActive]);
          return { updated, after };
        }),
      );
      expect(outcome.updated).toBe(SLUGS.length * PER_TENANT);
      expect(outcome.after).toEqual([{ role: w.role, key: '', open: false }]);
      expect(await reached(w, 1)).toEqual(everyTenant(tenants, PER_TENANT));
    });

    it('a failing fn rolls back the transaction it opened: nothing updated', async () => {
      const error = await onRunner(w.owner, (qr) =>
        withSystemAccess(qr, async () => {
          await qr.query('UPDATE notes SET views = 5');
          throw new Error('backfill bug');
        }, { systemKey: w.systemKey }),
      ).catch((e: Error) => e);
      expect(error.message).toBe('backfill bug');
      expect(await reached(w, 5)).toEqual(everyTenant(tenants, 0));
    });

    it('fn throwing inside the caller\'s transaction: the role is put back, so the caller can go on as the owner', async () => {
      await onRunner(w.owner, async (qr) => {
        await qr.startTransaction();
        await expect(withSystemAccess(qr, async () => { throw new Error('checked in JS'); }, { systemKey: w.systemKey })).rejects.toThrow('checked in JS');
        expect(await qr.query(`SELECT current_user AS role, current_setting('app.tenant_system_key', true) AS key`)).toEqual([{ role: w.role, key: '' }]);
        await qr.rollbackTransaction();
      });
    });

    it('inside TypeORM\'s migration runner (its transaction): every tenant\'s rows updated, and DDL after it runs as the owner', async () => {
      migrationKey = w.systemKey;
      const ds = await w.open(undefined, { migrations: [...w.owner.migrations.map((m) => m.constructor as new () => MigrationInterface), BackfillViews1800000000900] });
      try {
        const ran = await ds.runMigrations({ transaction: 'all' });
        expect(ran.map((m) => m.name)).toEqual(['BackfillViews1800000000900']);
      } finally {
        await ds.destroy();
      }
      expect(await reached(w, 3)).toEqual(everyTenant(tenants, PER_TENANT));
      const [{ owner }] = await w.owner.query(`SELECT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relname = 'notes' AND a.attname = 'sa_after'`);
      expect(owner).toBe(w.role);
    });

    it('a key that is not registered: SYSTEM_ACCESS_UNAVAILABLE (not registered), and the caller\'s transaction goes on as the owner', async () => {
      await onRunner(w.owner, async (qr) => {
        await qr.startTransaction();
        const error = await withSystemAccess(qr, () => qr.query('UPDATE notes SET views = 7'), { systemKey: randomBytes(32).toString('base64url') }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'SYSTEM_ACCESS_UNAVAILABLE', problem: 'key-unregistered' });
        expect(await qr.query('SELECT current_user AS role')).toEqual([{ role: w.role }]);
        await qr.rollbackTransaction();
      });
      expect(await reached(w, 7)).toEqual(everyTenant(tenants, 0));
    });

    it('the key never appears in SQL text or TypeORM\'s log (statements and parameters)', async () => {
      const logged: string[] = [];
      const logger: Logger = {
        logQuery: (query, parameters) => void logged.push(query + JSON.stringify(parameters ?? [])),
        logQueryError: (error, query, parameters) => void logged.push(String(error) + query + JSON.stringify(parameters ?? [])),
        logQuerySlow: (_t, query, parameters) => void logged.push(query + JSON.stringify(parameters ?? [])),
        logSchemaBuild: () => undefined,
        logMigration: () => undefined,
        log: (_level, message) => void logged.push(String(message)),
      };
      const ds = await w.open(undefined, { logging: true, logger });
      try {
        await onRunner(ds, (qr) => withSystemAccess(qr, () => qr.query('UPDATE notes SET views = 2'), { systemKey: w.systemKey }));
      } finally {
        await ds.destroy();
      }
      expect(logged.some((l) => l.includes('UPDATE notes SET views = 2'))).toBe(true);
      expect(logged.filter((l) => l.includes(w.systemKey))).toEqual([]);
      expect(await reached(w, 2)).toEqual(everyTenant(tenants, PER_TENANT));
    });

    it('with enableTenancy: the session layer\'s key is used (repositories work inside fn); a layer without a key is refused', async () => {
      const keyed = await w.open({ rowLevelSecurity: { systemKey: w.systemKey } }, { entities: [Note, Notebook] });
      try {
        const updated = await onRunner(keyed, (qr) => withSystemAccess(qr, async () => (await qr.manager.createQueryBuilder().update(Note).set({ views: 4 }).execute()).affected));
        expect(updated).toBe(SLUGS.length * PER_TENANT);
      } finally {
        await keyed.destroy();
      }
      expect(await reached(w, 4)).toEqual(everyTenant(tenants, PER_TENANT));
      const keyless = await w.open({ rowLevelSecurity: true });
      try {
        const error = await withKeyEnv(w.systemKey, () => onRunner(keyless, (qr) => withSystemAccess(qr, () => qr.query('UPDATE notes SET views = 6')))).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'SYSTEM_ACCESS_UNAVAILABLE', problem: 'layer-without-key' });
        expect((error as Error).message).toMatch(/system key is missing.*rowLevelSecurity: \{ systemKey: process\.env\.TENANCY_SYSTEM_KEY \}/);
      } finally {
        await keyless.destroy();
      }
    });
  });
}

describeEachDatabase('withSystemAccess where nothing needs a key', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db, target) => {
  it(`${target.family === 'postgres' ? 'a superuser (bypasses RLS)' : 'the MySQL family (no database wall)'}: fn runs as is, inside withoutTenantScope, and reaches every tenant`, async () => {
    const ds = db().dataSource;
    const tenants = await seedTenants(ds, 'sx-a', 'sx-b');
    for (const t of tenants) await withTenant(t, () => ds.getRepository(Note).insert([{ title: 'one' }, { title: 'two' }]));
    const updated = await withKeyEnv(undefined, () =>
      onRunner(ds, (qr) => withSystemAccess(qr, async () => (await qr.manager.createQueryBuilder().update(Note).set({ views: 8 }).execute()).affected)),
    );
    expect(updated).toBe(4);
    for (const t of tenants) expect(await withTenant(t, () => ds.getRepository(Note).countBy({ views: 8 }))).toBe(2);
  });
});
