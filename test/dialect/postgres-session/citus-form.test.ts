import type { DataSource } from 'typeorm';
import { SYSTEM_KEY_SETTING, TENANT_SETTING } from '../../../src/dialect/postgres-rls';
import { localSettings } from '../../../src/dialect/postgres-session/statement-settings';
import { withTenant, withoutTenantScope } from '../../../src/tenancy/with-tenant';
import { uuidv7 } from '../../../src/uuid';
import { describeEachAppRole } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenantNotes } from '../../support/tenants';

/**
 * `rowLevelSecurity: { citus: true }`: the settings as separate `SET LOCAL`s after the Citus switch,
 * each statement outside a transaction wrapped in `BEGIN … COMMIT` in the same round trip (the one
 * form Citus forwards to its workers; measured on Citus 13.2.2 in a lab, docs/security.md). CI has no
 * Citus: here the form runs on plain PostgreSQL, PGlite and PgBouncer in transaction mode, where it
 * must isolate exactly as the default form does and leave nothing behind.
 */
const SHOW = `SELECT current_user AS role, coalesce(current_setting('${TENANT_SETTING}', true), '') AS tenant, coalesce(current_setting('${SYSTEM_KEY_SETTING}', true), '') AS key, coalesce(current_setting('citus.propagate_set_commands', true), '') AS citus`;

describe('localSettings', () => {
  it('one SET LOCAL per setting after the Citus switch; literals quoted; a tenant that is no UUID refused', () => {
    const t = uuidv7();
    expect(localSettings({ role: 'tenancy_tenant', tenant: t, key: '' })).toEqual([
      "SET LOCAL citus.propagate_set_commands = 'local'",
      'SET LOCAL role tenancy_tenant',
      `SET LOCAL app.tenant_id = '${t}'`,
      "SET LOCAL app.tenant_system_key = ''",
    ]);
    expect(localSettings({ role: null, tenant: '', key: "it's" }).slice(1)).toEqual(["SET LOCAL app.tenant_id = ''", "SET LOCAL app.tenant_system_key = 'it''s'"]);
    expect(() => localSettings({ role: 'tenancy_tenant', tenant: "x'; DROP TABLE notes; --", key: '' })).toThrow(/not a canonical UUID/);
  });
});

describeEachAppRole('row-level security in the Citus form', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000], poolers: ['pgbouncer-transaction'] }, (db) => {
  let ds: DataSource;
  let tenants: string[];
  /** node-postgres' own query on a pooled client of `ds`: what the session shows with no settings sent. */
  const afterwards = async () => {
    const client = await (ds.driver as unknown as { master: { connect(): Promise<{ release(): void }> } }).master.connect();
    try {
      const plain = Object.getPrototypeOf(Object.getPrototypeOf(client)) as { query(this: unknown, sql: string): Promise<{ rows: unknown[] }> };
      return (await plain.query.call(client, `${SHOW}, (SELECT count(*)::int FROM notes) AS notes`)).rows[0];
    } finally {
      client.release();
    }
  };

  beforeAll(async () => {
    tenants = await seedTenantNotes(db().owner ?? db().app, ['cf-a', 'cf-b'], ['one', 'two']);
    ds = await db().open({ tenancy: { rowLevelSecurity: { systemKey: db().systemKey, citus: true } }, extra: { extra: { max: 1 } } as never });
  });

  it('inside withTenant: the settings are in force as SET LOCALs (the Citus switch on), for parameterized and plain statements', async () => {
    const [a] = tenants;
    for (const sql of [SHOW, `${SHOW} WHERE $1 = 1`]) {
      const rows = await withTenant(a, () => ds.query(sql, sql.includes('$1') ? [1] : undefined));
      expect(rows).toEqual([{ role: 'tenancy_tenant', tenant: a, key: '', citus: 'local' }]);
    }
    expect(await afterwards()).toEqual({ role: db().role, tenant: '', key: '', citus: '', notes: 0 });
  });

  it('each tenant sees only its rows through repositories, QueryBuilder and raw SQL; writes commit', async () => {
    const [a, b] = tenants;
    const notes = ds.getRepository(Note);
    expect((await withTenant(a, () => notes.find())).map((n) => n.tenantId)).toEqual([a, a]);
    expect(await withTenant(b, () => notes.createQueryBuilder('n').getCount())).toBe(2);
    expect(await withTenant(a, () => ds.query('SELECT count(*)::int AS n FROM notes'))).toEqual([{ n: 2 }]);
    const saved = await withTenant(b, () => notes.save({ title: 'three', views: 0 }));
    expect(await withoutTenantScope(() => notes.countBy({ id: saved.id }))).toBe(1);
    expect(await withTenant(a, () => notes.countBy({ id: saved.id }))).toBe(0);
    await withTenant(b, () => notes.delete({ id: saved.id }));
  });

  it('system work with the key sees every tenant; nothing is left on the session', async () => {
    expect(await withoutTenantScope(() => ds.getRepository(Note).count())).toBe(4);
    expect(await afterwards()).toEqual({ role: db().role, tenant: '', key: '', citus: '', notes: 0 });
  });

  it('a statement that fails rolls back the transaction it opened: the next statement on the same connection runs', async () => {
    const [a] = tenants;
    await expect(withTenant(a, () => ds.query('SELECT 1/0'))).rejects.toMatchObject({ code: '22012' });
    await expect(withTenant(a, () => ds.query('SELECT 1/($1::int - 1)', [1]))).rejects.toMatchObject({ code: '22012' });
    const id = (await withTenant(a, () => ds.getRepository(Note).findOneByOrFail({ title: 'one' }))).id;
    await expect(withTenant(a, () => ds.getRepository(Note).insert({ id, title: 'dup', views: 0 }))).rejects.toMatchObject({ code: '23505' });
    expect(await withTenant(a, () => ds.query('SELECT count(*)::int AS n FROM notes'))).toEqual([{ n: 2 }]);
    expect(await afterwards()).toEqual({ role: db().role, tenant: '', key: '', citus: '', notes: 0 });
  });

  it('explicit transactions (every isolation level) get the SET LOCALs after BEGIN and SET TRANSACTION, and commit or roll back as asked', async () => {
    const [a] = tenants;
    for (const level of ['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'] as const) {
      const seen = await withTenant(a, () => ds.transaction(level, (m) => m.query(SHOW)));
      expect([level, seen]).toEqual([level, [{ role: 'tenancy_tenant', tenant: a, key: '', citus: 'local' }]]);
    }
    await expect(
      withTenant(a, () =>
        ds.transaction(async (m) => {
          await m.getRepository(Note).insert({ title: 'rolled back', views: 0 });
          throw new Error('abort');
        }),
      ),
    ).rejects.toThrow('abort');
    expect(await withTenant(a, () => ds.getRepository(Note).countBy({ title: 'rolled back' }))).toBe(0);
  });

  it('refuses what cannot run inside its transaction (a stream) and several statements in one text, sending nothing', async () => {
    const [a] = tenants;
    const runner = ds.createQueryRunner();
    try {
      const stream = await withTenant(a, () => runner.stream('SELECT 1'));
      await expect(new Promise((resolve, reject) => stream.on('error', reject).on('end', () => resolve(undefined)).resume())).rejects.toMatchObject({ code: 'QUERY_UNSCOPABLE' });
    } finally {
      await runner.release();
    }
    await expect(withTenant(a, () => ds.query('SELECT 1; SELECT 2'))).rejects.toMatchObject({ code: 'QUERY_UNSCOPABLE' });
    expect(await withTenant(a, () => ds.query('SELECT count(*)::int AS n FROM notes'))).toEqual([{ n: 2 }]);
  });
});
