import type { DataSource } from 'typeorm';
import { withTenant } from '../../../src/tenancy/with-tenant';
import { describeEachAppRole, PREPARING_POOLERS } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenantNotes, tenantsOf } from '../../support/tenants';
import { countPrepares } from '../../support/wire';

/**
 * `rowLevelSecurity: { preparedStatements: true }` (off by default): each parameterized statement is parsed
 * and planned once per connection, still under the current tenant's policies on every execution.
 * Recovery from stale or dropped statements: prepared-statement-recovery.test.ts.
 */

describeEachAppRole('row-level security: prepared statements', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000], poolers: PREPARING_POOLERS }, (db) => {
  let ds: DataSource;
  let tenants: string[];

  beforeAll(async () => {
    tenants = await seedTenantNotes(db().app, ['prep-a', 'prep-b']);
    ds = await db().open({ tenancy: { rowLevelSecurity: { systemKey: db().systemKey, preparedStatements: true } } });
  });

  it('parses a repeated statement once per connection; every execution sees only its own tenant', async () => {
    const parses = countPrepares(ds);
    const sql = 'SELECT tenant_id FROM notes WHERE $1 = 1';
    for (let i = 0; i < 10; i++) {
      const tenant = tenants[i % 2];
      expect(tenantsOf(await withTenant(tenant, () => ds.query(sql, [1])))).toEqual([tenant]);
    }
    expect(await ds.query(sql, [1])).toEqual([]); // no tenant, no rows
    expect(parses()).toBe(1);
  });

  it('after DEALLOCATE ALL the statement is prepared again', async () => {
    const sql = 'SELECT tenant_id FROM notes WHERE $1 = 2';
    const [a] = tenants;
    expect(tenantsOf(await withTenant(a, () => ds.query(sql, [2])))).toEqual([a]);
    await ds.query('DEALLOCATE ALL');
    expect(tenantsOf(await withTenant(a, () => ds.query(sql, [2])))).toEqual([a]);
  });

  it('a named statement that failed in an aborted transaction is prepared again later', async () => {
    const [a, b] = tenants;
    const sql = 'SELECT tenant_id FROM notes WHERE $1 = 3';
    const runner = ds.createQueryRunner();
    try {
      await withTenant(a, () => runner.query('SELECT tenant_id FROM notes'));
      await runner.query('BEGIN');
      await runner.query('SELECT 1/0').catch(() => undefined); // the transaction is aborted
      // In the aborted transaction the statement fails before its Parse ran.
      await expect(withTenant(b, () => runner.query(sql, [3]))).rejects.toThrow(/aborted/);
      await runner.query('ROLLBACK');
      expect(tenantsOf(await withTenant(b, () => runner.query(sql, [3])))).toEqual([b]);
    } finally {
      await runner.release();
    }
  });
});
