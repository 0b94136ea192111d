import type { DataSource } from 'typeorm';
import { PREPARED_NAME_PREFIX } from '../../../src/dialect/postgres-session/tenant-client';
import { withTenant } from '../../../src/tenancy/with-tenant';
import { describeEachAppRole, PREPARING_POOLERS } from '../../support/app-role';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { seedTenantNotes, tenantsOf } from '../../support/tenants';
import { countPrepares, countSettingsPrepares } from '../../support/wire';

/**
 * Prepared statements (`preparedStatements: true`) when the server's copy goes stale or away: a
 * result type changed by DDL (here or in another session), statements dropped behind the
 * library's back, DISCARD/DEALLOCATE through the DataSource. Nothing runs twice, nothing runs out
 * of order, and what the library gives up is closed on the server. The cases that need the owner
 * (DDL from another session) run on the server only (PGlite has no owner connection here).
 */

type Row = { tenant_id: string };
type PoolClient = { query(sql: string, values: unknown[]): Promise<unknown>; release(): void };

describeEachAppRole('row-level security: prepared statements recover', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000], poolers: PREPARING_POOLERS }, (db, variant) => {
  let ds: DataSource;
  let tenants: string[];
  /** DDL from another session needs the owner connection, which PGlite has not got here: skipped there, visibly. */
  const withOwner = variant.target.name === 'pglite' ? it.skip : it;
  /**
   * node-postgres's own query() (of the class the session's Client subclass extends), not the
   * session's: the library does not see this statement.
   */
  const nodePostgresQuery = (client: PoolClient, sql: string) => {
    const own = Object.getPrototypeOf(Object.getPrototypeOf(client)) as PoolClient;
    expect(own.query).not.toBe(client.query); // really past the session
    return own.query.call(client, sql, []);
  };
  /** A node-postgres client taken from the pool by hand (the session still attaches to it). */
  const pooledClient = () => (ds.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master.connect();

  beforeAll(async () => {
    tenants = await seedTenantNotes(db().app, ['rec-a', 'rec-b']);
    ds = await db().open({ tenancy: { rowLevelSecurity: { systemKey: db().systemKey, preparedStatements: true } } });
  });

  describe('a result type changed by DDL (the cached plan went stale)', () => {
    const read = (q: { query(sql: string, values: unknown[]): Promise<unknown> }) => q.query('SELECT v FROM prep_probe WHERE id = $1', [1]);
    beforeAll(async () => {
      if (!db().owner) return; // PGlite: these tests are skipped (withOwner)
      await db().owner!.query('CREATE TABLE prep_probe (id int PRIMARY KEY, v varchar(10))');
      await db().owner!.query(`INSERT INTO prep_probe VALUES (1, 'one')`);
    });

    withOwner('outside a transaction: the statement did not run, so it is sent once more, prepared anew', async () => {
      const runner = ds.createQueryRunner(); // one connection, so its plan is the stale one
      try {
        const parses = countPrepares(ds);
        expect(await read(runner)).toEqual([{ v: 'one' }]);
        await db().owner!.query('ALTER TABLE prep_probe ALTER COLUMN v TYPE text');
        expect(await read(runner)).toEqual([{ v: 'one' }]);
        expect(parses()).toBe(2);
      } finally {
        await runner.release();
      }
    });

    withOwner('inside a transaction: fails once (the transaction is aborted, nothing ran), then runs prepared anew', async () => {
      const runner = ds.createQueryRunner();
      try {
        expect(await read(runner)).toEqual([{ v: 'one' }]);
        await db().owner!.query('ALTER TABLE prep_probe ALTER COLUMN v TYPE varchar(20)');
        await runner.startTransaction();
        await expect(read(runner)).rejects.toMatchObject({ code: '0A000' });
        await runner.rollbackTransaction();
        expect(await read(runner)).toEqual([{ v: 'one' }]);
      } finally {
        await runner.release();
      }
    });

    withOwner('a stale statement with another sent after it on the same client is not sent again (order holds)', async () => {
      const client = await pooledClient();
      try {
        expect((await read(client)) as unknown).toMatchObject({ rows: [{ v: 'one' }] });
        await db().owner!.query('ALTER TABLE prep_probe ALTER COLUMN v TYPE text');
        const stale = read(client).catch((error: { code?: string }) => error.code);
        const next = client.query('SELECT 1 AS one', []);
        expect(await stale).toBe('0A000');
        expect(await next).toMatchObject({ rows: [{ one: 1 }] });
        expect(await read(client)).toMatchObject({ rows: [{ v: 'one' }] });
      } finally {
        client.release();
      }
    });
  });

  it('statements dropped behind the library\'s back (26000), the settings statement with them, are prepared anew', async () => {
    const parses = countPrepares(ds); // counts on connections acquired from now on
    const settingsParses = countSettingsPrepares(ds);
    const client = await pooledClient();
    const sql = 'SELECT tenant_id FROM notes WHERE $1 = 4';
    const behindTheBack = () => nodePostgresQuery(client, 'DEALLOCATE ALL');
    try {
      const [a, b] = tenants;
      await withTenant(a, () => client.query(sql, [4]));
      await behindTheBack();
      // The settings statement is missing first: every name is given up, the statement sent once more.
      expect(tenantsOf(((await withTenant(a, () => client.query(sql, [4]))) as { rows: Row[] }).rows)).toEqual([a]);
      expect({ parses: parses(), settings: settingsParses() }).toEqual({ parses: 2, settings: 2 });
      expect(tenantsOf(((await withTenant(b, () => client.query(sql, [4]))) as { rows: Row[] }).rows)).toEqual([b]);
      // A text without parameters carries its settings as SET LOCAL text: nothing prepared to miss.
      await behindTheBack();
      const plain = 'SELECT tenant_id FROM notes';
      expect(tenantsOf(((await withTenant(a, () => client.query(plain, []))) as { rows: Row[] }).rows)).toEqual([a]);
      // A statement with parameters after that: its settings statement is gone again, and recovers.
      expect(tenantsOf(((await withTenant(b, () => client.query(sql, [4]))) as { rows: Row[] }).rows)).toEqual([b]);
      expect(settingsParses()).toBe(3);
    } finally {
      client.release();
    }
  });

  it('inside a transaction a missing settings statement fails once (nothing ran), then the transaction after it works', async () => {
    const client = await pooledClient();
    const sql = 'SELECT tenant_id FROM notes WHERE $1 = 6';
    const [a] = tenants;
    try {
      await withTenant(a, () => client.query(sql, [6]));
      await nodePostgresQuery(client, 'DEALLOCATE ALL');
      await client.query('BEGIN', []);
      await expect(withTenant(a, () => client.query(sql, [6]))).rejects.toMatchObject({ code: '26000' });
      await client.query('ROLLBACK', []);
      expect(tenantsOf(((await withTenant(a, () => client.query(sql, [6]))) as { rows: Row[] }).rows)).toEqual([a]);
    } finally {
      client.release();
    }
  });

  /** DDL through the same connection needs a role that may run it: the owner, with statements prepared (the application role may not create tables, not even TEMP ones). */
  const ownerPreparing = () => db().openOwner!({ entities: [Note, Notebook], tenancy: { rowLevelSecurity: { preparedStatements: true } } });

  withOwner('statements given up are closed on the server in front of the next prepared one', async () => {
    const runner = (await ownerPreparing()).createQueryRunner();
    const held = async () => (await runner.query('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE $1', [`${PREPARED_NAME_PREFIX}%`]))[0].n;
    try {
      await runner.query('CREATE TEMP TABLE prep_close (id int PRIMARY KEY, v varchar(10))');
      const before = await held(); // whatever this connection prepared earlier, and the count itself
      for (let i = 0; i < 3; i++) await runner.query(`SELECT v FROM prep_close WHERE id = $1 + ${i}`, [1]);
      expect(await held()).toBe(before + 3);
      await runner.query('ALTER TABLE prep_close ALTER COLUMN v TYPE text'); // every name given up
      expect(await held()).toBe(1); // all closed in the same round trip; the count prepared anew
      // Also when the closes ride in front of a statement in an aborted transaction.
      await runner.startTransaction();
      await runner.query('SELECT v FROM prep_close WHERE id = $1', [1]);
      await runner.query('ALTER TABLE prep_close ALTER COLUMN v TYPE varchar(20)');
      await runner.query('SELECT 1/0').catch(() => undefined);
      await expect(runner.query('SELECT v FROM prep_close WHERE id = $1', [1])).rejects.toMatchObject({ code: '25P02' });
      await runner.rollbackTransaction();
      expect(await held()).toBe(1);
    } finally {
      await runner.query('DROP TABLE IF EXISTS prep_close').catch(() => undefined);
      await runner.release();
    }
  });

  it.each(['DISCARD PLANS', 'DISCARD TEMP', 'DEALLOCATE ALL'])(
    'after %s through the DataSource, tenant switches still work',
    async (statement) => {
      const [a, b] = tenants;
      const runner = ds.createQueryRunner();
      try {
        expect(tenantsOf(await withTenant(a, () => runner.query('SELECT tenant_id FROM notes WHERE $1 = 5', [5])))).toEqual([a]);
        await runner.query(statement);
        expect(tenantsOf(await withTenant(b, () => runner.query('SELECT tenant_id FROM notes WHERE $1 = 5', [5])))).toEqual([b]);
        await runner.query(statement);
        expect(tenantsOf(await withTenant(a, () => runner.query('SELECT tenant_id FROM notes')))).toEqual([a]);
      } finally {
        await runner.release();
      }
    },
  );

  withOwner('DDL sent on the connection prepares every statement anew, so the same transaction reads the new type', async () => {
    const runner = (await ownerPreparing()).createQueryRunner();
    const read = () => runner.query('SELECT v FROM prep_temp WHERE id = $1', [1]);
    try {
      await runner.query('CREATE TEMP TABLE prep_temp (id int PRIMARY KEY, v varchar(10))');
      await runner.query('INSERT INTO prep_temp VALUES ($1, $2)', [1, 'one']);
      await runner.startTransaction();
      expect(await read()).toEqual([{ v: 'one' }]);
      await runner.query('ALTER TABLE prep_temp ALTER COLUMN v TYPE text');
      expect(await read()).toEqual([{ v: 'one' }]);
      await runner.commitTransaction();
    } finally {
      await runner.query('DROP TABLE IF EXISTS prep_temp').catch(() => undefined);
      await runner.release();
    }
  });
});
