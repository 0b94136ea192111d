import type { DataSource } from 'typeorm';
import { SYSTEM_KEY_SETTING, TENANT_SETTING } from '../../../src/dialect/postgres-rls';
import { withTenant, withoutTenantScope } from '../../../src/tenancy/with-tenant';
import { describeEachAppRole } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenantNotes, tenantsOf } from '../../support/tenants';

/**
 * Pins what PostgreSQL does with the settings as the session sends them: inside the statement they
 * are in force (role, tenant, key), and once its implicit transaction ends nothing of them is left
 * on the server session, for each form they travel in (extended-protocol pipeline before one Sync;
 * `SET LOCAL` in front of a simple-protocol text; the key bound even for a text without parameters).
 * The check after each statement bypasses the session layer (node-postgres' own `query`).
 */

type Client = { query(sql: string, values?: unknown[]): Promise<{ rows: Array<Record<string, string>> }>; release(): void };
const SHOW = `SELECT current_user AS role, coalesce(current_setting('${TENANT_SETTING}', true), '') AS tenant, coalesce(current_setting('${SYSTEM_KEY_SETTING}', true), '') AS key`;

describeEachAppRole('row-level security: settings live exactly as long as the statement', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  let ds: DataSource;
  let tenants: string[];
  let client: Client;

  beforeAll(async () => {
    ds = db().app;
    tenants = await seedTenantNotes(db().owner ?? ds, ['ts-a', 'ts-b']);
  });
  // A client taken from the pool by hand for each test (released before the DataSource closes).
  beforeEach(async () => {
    client = await (ds.driver as unknown as { master: { connect(): Promise<Client> } }).master.connect();
  });
  afterEach(() => client.release());

  /** What the server session shows right after, asked with node-postgres' own query (no settings sent). */
  const nothingLeft = async () => {
    const plain = Object.getPrototypeOf(Object.getPrototypeOf(client)) as { query(this: Client, sql: string): Promise<{ rows: unknown[] }> };
    expect((await plain.query.call(client, SHOW)).rows).toEqual([{ role: db().role, tenant: '', key: '' }]);
  };

  it.each([
    ['extended protocol (pipeline before one Sync)', [1]],
    ['simple protocol (SET LOCAL in the same Query message)', undefined],
  ] as const)('%s: in force inside the statement, gone after it', async (_how, values) => {
    const [a] = tenants;
    const sql = values ? `${SHOW} WHERE $1 = 1` : SHOW;
    const inside = await withTenant(a, () => client.query(sql, values as unknown[] | undefined));
    expect(inside.rows).toEqual([{ role: 'tenancy_tenant', tenant: a, key: '' }]);
    await nothingLeft();
  });

  it('the system key, also for a text without parameters (sent as one bound statement), is gone after it', async () => {
    const inside = await withoutTenantScope(() => client.query(SHOW));
    expect(inside.rows).toEqual([{ role: 'tenancy_system', tenant: '', key: db().systemKey }]);
    await nothingLeft();
  });

  it('a failed statement leaves nothing either', async () => {
    const [a] = tenants;
    await expect(withTenant(a, () => client.query('SELECT 1/0'))).rejects.toThrow();
    await expect(withTenant(a, () => client.query('SELECT 1/($1::int - 1)', [1]))).rejects.toThrow();
    await nothingLeft();
  });

  it('inside an explicit transaction every statement carries its own settings; after COMMIT nothing is left', async () => {
    const [a, b] = tenants;
    await client.query('BEGIN');
    expect(tenantsOf((await withTenant(a, () => client.query('SELECT tenant_id FROM notes'))).rows as Array<{ tenant_id: string }>)).toEqual([a]);
    expect(tenantsOf((await withTenant(b, () => client.query('SELECT tenant_id FROM notes WHERE $1 = 1', [1]))).rows as Array<{ tenant_id: string }>)).toEqual([b]);
    await client.query('COMMIT');
    await nothingLeft();
  });
});
