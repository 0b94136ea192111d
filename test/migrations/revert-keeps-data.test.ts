import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { registerSystemKey, revokeSystemKeys } from '../../src/dialect/postgres-app-role';
import { TableHoldsRowsError, TableRowsUncountableError, TenancyError } from '../../src/errors';
import {
  ALLOW_DROP_WITH_ROWS_ENV,
  CreateTenantIsolation0099,
  CreateTenants0100,
  createTable,
  createTenantTable,
  dropTable,
  schemaTables,
  tableMigration,
} from '../../src/migrations';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { describeEachDatabase } from '../support/scratch-database';
import { listTables } from '../support/schema-inspect';
import { isAvailable, PG_URL, TARGETS } from '../support/targets';
import { inWallScope } from '../support/wall-scope';

/**
 * Reverts keep data: `dropTable` and the bundled `down()`s refuse a table that holds rows (counted
 * past forced row-level security, also as a non-superuser owner) and drop it when empty, with the
 * option or with the environment variable. Nothing is dropped on a refusal.
 */
export class CreateRvItems1800000000700 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createTenantTable(queryRunner, { name: 'rv_items', comment: 'revert test items', columns: [{ name: 'title', type: 'varchar(100)' }] });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'rv_items');
  }
}

const withEnv = async <T>(value: string | undefined, fn: () => Promise<T>): Promise<T> => {
  const before = process.env[ALLOW_DROP_WITH_ROWS_ENV];
  if (value === undefined) delete process.env[ALLOW_DROP_WITH_ROWS_ENV];
  else process.env[ALLOW_DROP_WITH_ROWS_ENV] = value;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env[ALLOW_DROP_WITH_ROWS_ENV];
    else process.env[ALLOW_DROP_WITH_ROWS_ENV] = before;
  }
};

/** Runs `fn` on one query runner (PGlite has a pool of one: no second connection while it is held). */
async function onRunner<T>(ds: DataSource, fn: (qr: QueryRunner) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner();
  try {
    return await fn(qr);
  } finally {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    await qr.release();
  }
}

const param = (qr: QueryRunner | DataSource, i: number) => ('driver' in qr ? qr.driver : qr.connection.driver).createParameter(`p${i}`, i);
const tableNames = async (ds: DataSource) => (await listTables(ds)).map((t) => t.name);
const rowCount = async (qr: QueryRunner | DataSource, table: string) =>
  Number((await qr.query(`SELECT COUNT(*) AS n FROM ${('driver' in qr ? qr.driver : qr.connection.driver).escape(table)}`))[0].n);

async function insertTenant(qr: QueryRunner | DataSource): Promise<string> {
  const id = uuidv7();
  await qr.query(`INSERT INTO tenants (id, name, slug) VALUES (${param(qr, 0)}, ${param(qr, 1)}, ${param(qr, 2)})`, [id, 'Rv', `rv-${id.slice(-12)}`]);
  return id;
}

async function insertItem(qr: QueryRunner | DataSource, tenantId: string): Promise<void> {
  await qr.query(`INSERT INTO rv_items (id, tenant_id, title) VALUES (${param(qr, 0)}, ${param(qr, 1)}, ${param(qr, 2)})`, [uuidv7(), tenantId, 'keep me']);
}

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describeEachDatabase('reverts that keep data', { migrations: [CreateRvItems1800000000700], tenancy: false }, (db) => {
  const family = () => (db().target.family);

  it('dropTable refuses a table with rows with TABLE_HOLDS_ROWS and drops nothing; allowed once it is empty', async () => {
    const ds = db().dataSource;
    await onRunner(ds, async (qr) => {
      await createTable(qr, { name: 'rv_plain', comment: 'plain', columns: [{ name: 'v', type: 'int' }] });
      await qr.query(`INSERT INTO rv_plain (v) VALUES (1), (2), (3)`);
      const error = await refusal(dropTable(qr, 'rv_plain'));
      expect(error).toBeInstanceOf(TableHoldsRowsError);
      expect(error).toBeInstanceOf(TenancyError);
      const e = error as TableHoldsRowsError;
      expect([e.code, e.table, e.rows, e.atLeast]).toEqual(['TABLE_HOLDS_ROWS', 'rv_plain', 3, false]);
      expect(e.message).toContain('Nothing was dropped');
      expect(e.message).toContain(`${ALLOW_DROP_WITH_ROWS_ENV}=1`);
      expect(e.message).toContain('allowDropWithRows: true');
      expect(e.message).toMatch(/export the rows/);
      expect(JSON.parse(JSON.stringify(e))).toEqual({ name: 'TableHoldsRowsError', code: 'TABLE_HOLDS_ROWS', message: e.message });
      expect(qr.isTransactionActive).toBe(false);
      expect(await rowCount(qr, 'rv_plain')).toBe(3);
      await qr.query('DELETE FROM rv_plain');
      await dropTable(qr, 'rv_plain');
    });
    expect(await tableNames(ds)).not.toContain('rv_plain');
  });

  it('dropTable drops a table with rows with { allowDropWithRows: true } and with the environment variable; an explicit false wins over it', async () => {
    const ds = db().dataSource;
    await onRunner(ds, async (qr) => {
      for (const name of ['rv_opt', 'rv_env', 'rv_false']) {
        await createTable(qr, { name, comment: name, columns: [{ name: 'v', type: 'int' }] });
        await qr.query(`INSERT INTO ${qr.connection.driver.escape(name)} (v) VALUES (1)`);
      }
      await dropTable(qr, 'rv_opt', { allowDropWithRows: true });
      await withEnv('yes', async () => expect(await refusal(dropTable(qr, 'rv_env'))).toBeInstanceOf(TableHoldsRowsError));
      await withEnv('1', () => dropTable(qr, 'rv_env'));
      await withEnv('true', async () => {
        expect(await refusal(dropTable(qr, 'rv_false', { allowDropWithRows: false }))).toBeInstanceOf(TableHoldsRowsError);
      });
      expect(await rowCount(qr, 'rv_false')).toBe(1);
      await dropTable(qr, 'rv_false', { allowDropWithRows: true });
    });
    expect((await tableNames(ds)).filter((t) => t.startsWith('rv_'))).toEqual(['rv_items']);
  });

  it('counts past FORCE ROW LEVEL SECURITY: refused inside a transaction and without one, for the superuser and (PostgreSQL) a non-superuser owner; a role under the policies fails closed', async () => {
    const ds = db().dataSource;
    const suffix = randomBytes(4).toString('hex');
    const [owner, other] = [`rv_own_${suffix}`, `rv_other_${suffix}`];
    await onRunner(ds, async (qr) => {
      await createTenantTable(qr, { name: 'rv_forced', comment: 'forced', columns: [{ name: 'title', type: 'varchar(100)' }] });
      const tenant = await insertTenant(qr);
      await qr.query(`INSERT INTO rv_forced (id, tenant_id, title) VALUES (${param(qr, 0)}, ${param(qr, 1)}, 'x')`, [uuidv7(), tenant]);
      await qr.startTransaction();
      expect(await refusal(dropTable(qr, 'rv_forced'))).toBeInstanceOf(TableHoldsRowsError);
      await qr.commitTransaction(); // even committed, a refusal leaves nothing behind
      if (family() === 'postgres') {
        try {
          await qr.query(`CREATE ROLE ${owner} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
          await qr.query(`CREATE ROLE ${other} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
          await qr.query(`ALTER TABLE rv_forced OWNER TO ${owner}`);
          await qr.query(`GRANT SELECT, DELETE ON rv_forced TO ${other}`);
          await qr.query(`SET ROLE ${owner}`);
          // What a naive check would see: the owner matches no policy, so the full table looks empty.
          expect(await rowCount(qr, 'rv_forced')).toBe(0);
          const error = (await refusal(dropTable(qr, 'rv_forced'))) as TableHoldsRowsError; // transaction 'none'
          expect([error?.code, error?.rows]).toEqual(['TABLE_HOLDS_ROWS', 1]);
          await qr.startTransaction();
          expect(((await refusal(dropTable(qr, 'rv_forced'))) as TableHoldsRowsError)?.rows).toBe(1);
          await qr.commitTransaction();
          const [state] = await qr.query(`SELECT relforcerowsecurity AS forced FROM pg_class WHERE oid = 'rv_forced'::regclass`);
          expect(state.forced).toBe(true);
          await qr.query(`SET ROLE ${other}`);
          const closed = await refusal(dropTable(qr, 'rv_forced'));
          expect(closed).toBeInstanceOf(TableRowsUncountableError);
          expect([(closed as TableRowsUncountableError).code, (closed as TableRowsUncountableError).role]).toEqual(['TABLE_ROWS_UNCOUNTABLE', other]);
          await qr.query('RESET ROLE');
          expect(await rowCount(qr, 'rv_forced')).toBe(1);
          await qr.query(`SET ROLE ${owner}`);
          await dropTable(qr, 'rv_forced', { allowDropWithRows: true });
        } finally {
          await qr.query('RESET ROLE');
          await qr.query(`DROP OWNED BY ${owner}, ${other}`).catch(() => undefined);
          await qr.query(`DROP ROLE IF EXISTS ${owner}`);
          await qr.query(`DROP ROLE IF EXISTS ${other}`);
        }
      } else {
        expect(await rowCount(qr, 'rv_forced')).toBe(1);
        await withEnv('1', () => dropTable(qr, 'rv_forced'));
      }
    });
    expect(await tableNames(ds)).not.toContain('rv_forced');
  });

  it('undoLastMigration (what typeorm migration:revert runs) is refused while the last table has a row: typed error, table and row intact, migration still applied', async () => {
    const ds = db().dataSource;
    const tenant = await insertTenant(ds);
    await insertItem(ds, tenant);
    for (const transaction of ['all', 'each', 'none'] as const) {
      const error = await refusal(ds.undoLastMigration({ transaction }));
      expect(error).toBeInstanceOf(TableHoldsRowsError);
      expect([(error as TableHoldsRowsError).table, (error as TableHoldsRowsError).rows]).toEqual(['rv_items', 1]);
    }
    expect(await tableNames(ds)).toContain('rv_items');
    expect(await rowCount(ds, 'rv_items')).toBe(1);
    expect(await ds.showMigrations()).toBe(false);
    if (family() === 'postgres') {
      const [state] = await ds.query(`SELECT relforcerowsecurity AS forced FROM pg_class WHERE oid = 'rv_items'::regclass`);
      expect(state.forced).toBe(true);
    }
  });

  it('undoLastMigration reverts an emptied table; the bundled tenants revert is refused while a tenant exists and goes with the environment variable', async () => {
    const ds = db().dataSource;
    await ds.query('DELETE FROM rv_items');
    await ds.undoLastMigration({ transaction: 'none' });
    expect(await tableNames(ds)).not.toContain('rv_items');
    const error = await refusal(ds.undoLastMigration());
    expect(error).toBeInstanceOf(TableHoldsRowsError);
    expect((error as TableHoldsRowsError).table).toBe('tenants');
    expect(await rowCount(ds, 'tenants')).toBeGreaterThan(0);
    await withEnv('1', () => ds.undoLastMigration({ transaction: 'each' }));
    await ds.undoLastMigration(); // 0099: no system key registered
    expect(await tableNames(ds)).toEqual(['migrations', 'typeorm_metadata']);
    await ds.runMigrations({ transaction: 'each' });
    expect(await tableNames(ds)).toEqual(expect.arrayContaining(['tenants', 'rv_items']));
  });
});

describeEachDatabase('reverts that keep data: seeded tables and big tables', { migrations: [tableMigration(schemaTables.find((t) => t.name === 'countries')!)], tenancy: false }, (db) => {
  it('a seeded table reverts with only its seed; a row someone added is kept (by its unique key) and refused', async () => {
    const ds = db().dataSource;
    const q = ds.driver.escape.bind(ds.driver);
    await ds.query(`INSERT INTO countries (id, alpha2, alpha3, ${q('numeric')}, name) VALUES (${param(ds, 0)}, 'QZ', 'QZZ', '999', 'Added')`, [uuidv7()]);
    for (let i = 0; i < 2; i++) await ds.undoLastMigration(); // 0100 and 0099 (phase order puts countries, 0005, first)
    const error = await refusal(ds.undoLastMigration());
    expect([(error as TableHoldsRowsError)?.code, (error as TableHoldsRowsError)?.table, (error as TableHoldsRowsError)?.rows]).toEqual(['TABLE_HOLDS_ROWS', 'countries', 1]);
    expect((error as Error).message).toContain('besides the rows its migration seeded');
    await ds.query(`DELETE FROM countries WHERE alpha2 = 'QZ'`);
    await ds.undoLastMigration();
    expect(await tableNames(ds)).not.toContain('countries');
    await ds.runMigrations();
  });

  it('counting stops at the cap: a big table is reported as holding at least 1,000 rows', async () => {
    const ds = db().dataSource;
    await onRunner(ds, async (qr) => {
      await createTable(qr, { name: 'rv_big', comment: 'big', columns: [{ name: 'v', type: 'int' }] });
      const values = Array.from({ length: 1500 }, (_v, i) => `(${i})`).join(', ');
      await qr.query(`INSERT INTO rv_big (v) VALUES ${values}`);
      const error = (await refusal(dropTable(qr, 'rv_big'))) as TableHoldsRowsError;
      expect([error.rows, error.atLeast]).toEqual([1000, true]);
      expect(error.message).toContain('at least 1,000 rows');
      await dropTable(qr, 'rv_big', { allowDropWithRows: true });
    });
  });
});

/**
 * The bundled reverts as `typeorm migration:revert` runs them, connected as a non-superuser owner
 * (PostgreSQL server: PGlite serves its superuser only). Under FORCE ROW LEVEL SECURITY this
 * owner counts 0 tenants, yet the revert of `tenants` is refused; so is the revert of 0099 while
 * a system key is registered.
 */
const server = TARGETS.find((t) => t.name === 'postgres')!;
(isAvailable(server) ? describe : describe.skip)('reverts that keep data, connected as a non-superuser owner [postgres]', () => {
  const suffix = randomBytes(5).toString('hex');
  const owner = `rv_login_${suffix}`;
  const database = `rv_login_${suffix}`;
  let admin: Client;
  let ds: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${owner} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${owner}`);
    const url = new URL(PG_URL.replace(/\/[^/]*$/, `/${database}`));
    url.username = owner;
    ds = new DataSource({ ...connectionOptionsFromUrl(url.toString()), migrations: [CreateTenantIsolation0099, CreateTenants0100], extra: { max: 1 } });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });

  it('refuses the tenants revert although the owner counts 0 rows, then the 0099 revert while a key is registered', async () => {
    const key = randomBytes(32).toString('base64url');
    await registerSystemKey(ds, key, 'rv test');
    await inWallScope(ds, { systemKey: key }, (q) => q(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), 'R', 'r')`), { commit: true });
    expect(await ds.query('SELECT count(*)::int AS n FROM tenants')).toEqual([{ n: 0 }]);
    for (const transaction of ['all', 'none'] as const) {
      const error = await refusal(ds.undoLastMigration({ transaction }));
      expect(error).toBeInstanceOf(TableHoldsRowsError);
      expect([(error as TableHoldsRowsError).table, (error as TableHoldsRowsError).rows]).toEqual(['tenants', 1]);
    }
    const [state] = await ds.query(`SELECT relforcerowsecurity AS forced FROM pg_class WHERE oid = 'tenants'::regclass`);
    expect(state.forced).toBe(true);
    expect(await inWallScope(ds, { systemKey: key }, (q) => q('SELECT count(*)::int AS n FROM tenants'))).toEqual([{ n: 1 }]);

    await withEnv('1', () => ds.undoLastMigration());
    const keys = await refusal(ds.undoLastMigration());
    expect(keys).toBeInstanceOf(TableHoldsRowsError);
    expect((keys as TableHoldsRowsError).table).toBe('tenancy_private.system_keys');
    expect(await revokeSystemKeys(ds)).toBe(1);
    await ds.undoLastMigration();
    expect(await tableNames(ds)).toEqual(['migrations', 'typeorm_metadata']);
  });
});
