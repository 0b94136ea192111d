import type { DataSource } from 'typeorm';
import { MissingTenantError, TenancyError } from '../../src/errors';
import { withTenant, withoutTenantScope } from '../../src/tenancy/with-tenant';
import { conformanceEntities, CreateConformanceTables1800000000100, Task } from '../support/conformance-fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';

type Row = { tenant: string; views: number; deleted: boolean } | 'gone';

/**
 * One bulk write. It runs against rows titled `m` (two per tenant, views 1, soft-deleted first when
 * `softDeleted`); `effect` says how a row it touched looks afterwards.
 */
interface WritePath {
  name: string;
  softDeleted?: boolean;
  run(ds: DataSource, m: string): Promise<unknown>;
  effect: Row;
}

const repo = (ds: DataSource) => ds.getRepository(Task);
const touched = (views: number, deleted = false): Row => ({ tenant: '', views, deleted });

const WRITES: WritePath[] = [
  { name: 'update', run: (ds, m) => repo(ds).update({ title: m }, { views: 7 }), effect: touched(7) },
  { name: 'updateAll', run: (ds) => repo(ds).updateAll({ views: 7 }), effect: touched(7) },
  { name: 'increment', run: (ds, m) => repo(ds).increment({ title: m }, 'views', 5), effect: touched(6) },
  { name: 'decrement', run: (ds, m) => repo(ds).decrement({ title: m }, 'views', 5), effect: touched(-4) },
  { name: 'delete', run: (ds, m) => repo(ds).delete({ title: m }), effect: 'gone' },
  { name: 'deleteAll', run: (ds) => repo(ds).deleteAll(), effect: 'gone' },
  { name: 'softDelete', run: (ds, m) => repo(ds).softDelete({ title: m }), effect: touched(1, true) },
  { name: 'restore', softDeleted: true, run: (ds, m) => repo(ds).restore({ title: m }), effect: touched(1, false) },
  { name: 'qb update', run: (ds, m) => ds.createQueryBuilder().update(Task).set({ views: 7 }).where('title = :m', { m }).execute(), effect: touched(7) },
  { name: 'qb delete', run: (ds, m) => ds.createQueryBuilder().delete().from(Task).where('title = :m', { m }).execute(), effect: 'gone' },
  { name: 'qb softDelete', run: (ds, m) => ds.getRepository(Task).createQueryBuilder().softDelete().where('title = :m', { m }).execute(), effect: touched(1, true) },
  { name: 'qb restore', softDeleted: true, run: (ds, m) => ds.getRepository(Task).createQueryBuilder().restore().where('title = :m', { m }).execute(), effect: touched(1, false) },
];

describeEachDatabase('scope conformance: bulk writes', { entities: conformanceEntities, migrations: [CreateConformanceTables1800000000100] }, (db) => {
  let ds: DataSource;
  let A: string;
  let B: string;
  let n = 0;

  beforeAll(async () => {
    ds = db().dataSource;
    [A, B] = await seedTenants(ds, 'writer-a', 'writer-b');
  });

  /** Fresh look-alike rows for one test; returns their marker title. */
  async function seed(softDeleted = false): Promise<string> {
    const m = `w${++n}`;
    for (const tenant of [A, B]) {
      await withTenant(tenant, async () => {
        const rows = await repo(ds).save([{ title: m, views: 1 }, { title: m, views: 1 }]);
        if (softDeleted) await repo(ds).softRemove(rows);
      });
    }
    return m;
  }

  /** The marker rows of each tenant, read straight from the database. */
  async function state(m: string): Promise<Record<string, Row[]>> {
    const rows: Array<{ tenant_id: string; views: number; deleted_at: unknown }> = await ds.query(`SELECT tenant_id, views, deleted_at FROM tasks WHERE title = '${m}' ORDER BY id`);
    const of = (t: string) => rows.filter((r) => String(r.tenant_id).toLowerCase() === t).map((r) => ({ tenant: '', views: Number(r.views), deleted: r.deleted_at !== null }));
    return { [A]: of(A), [B]: of(B) };
  }
  /** The SQL statements `run` sends, caught at the DataSource's logger. */
  async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const logger = ds.logger;
    const spy = Object.assign(Object.create(logger) as typeof logger, { logQuery: (query: string) => void seen.push(query) });
    Object.defineProperty(ds, 'logger', { value: spy, configurable: true, writable: true });
    try {
      await run();
    } finally {
      Object.defineProperty(ds, 'logger', { value: logger, configurable: true, writable: true });
    }
    return seen;
  }
  const after = (path: WritePath, count: number): Row[] => (path.effect === 'gone' ? [] : Array(count).fill(path.effect));

  describe.each(WRITES.map((w) => [w.name, w] as const))('%s', (_name, path) => {
    it("inside withTenant(A) it changes A's rows only", async () => {
      const m = await seed(path.softDeleted);
      const before = await state(m);
      await withTenant(A, () => path.run(ds, m));
      expect(await state(m)).toEqual({ [A]: after(path, 2), [B]: before[B] });
    });

    it('with no tenant it throws TENANT_MISSING and changes nothing', async () => {
      const m = await seed(path.softDeleted);
      const before = await state(m);
      const error = await Promise.resolve().then(() => path.run(ds, m)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MissingTenantError);
      expect((error as TenancyError).code).toBe('TENANT_MISSING');
      expect(await state(m)).toEqual(before);
    });

    it('its UPDATE/DELETE statement names the tenant condition once', async () => {
      const m = await seed(path.softDeleted);
      const sql = await statementsOf(() => withTenant(A, () => path.run(ds, m)));
      const writes = sql.filter((q) => /^\s*(UPDATE|DELETE)\b/i.test(q));
      expect(writes).toHaveLength(1);
      expect(writes[0].match(/tenant_id\W*\s*=\s*(\$\d+|\?)/g)).toHaveLength(1);
    });

    it('inside withoutTenantScope it changes every tenant', async () => {
      const m = await seed(path.softDeleted);
      await withoutTenantScope(() => path.run(ds, m));
      expect(await state(m)).toEqual({ [A]: after(path, 2), [B]: after(path, 2) });
    });
  });
});
