import { DataSource } from 'typeorm';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { tenancyConfig } from '../../src/scopes/tenancy-options';
import { withTenant } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';
import { seedTenants } from '../support/tenants';
import { countWire } from '../support/wire';

/**
 * `rowLevelSecurity` per DataSource: on by default for PostgreSQL, off (and refused) for the
 * MySQL family, which has no row-level security.
 */

describe('enableTenancy rowLevelSecurity option', () => {
  it('defaults to on for PostgreSQL and off for the MySQL family', () => {
    for (const [type, expected] of [
      ['postgres', { systemKey: null, preparedStatements: 'auto', citus: false }],
      ['mysql', false],
      ['mariadb', false],
    ] as const) {
      const ds = new DataSource({ type });
      enableTenancy(ds);
      expect(tenancyConfig(ds)?.rowLevelSecurity).toEqual(expected);
    }
  });

  it('sends the Citus form only when told to', () => {
    for (const [option, citus] of [[true, false], [{ citus: true }, true], [{ citus: false, preparedStatements: true }, false]] as const) {
      const ds = new DataSource({ type: 'postgres' });
      enableTenancy(ds, { rowLevelSecurity: option });
      expect((tenancyConfig(ds)?.rowLevelSecurity as { citus: boolean }).citus).toBe(citus);
    }
  });

  it("prepares statements on connections proven direct by default ('auto'), on every connection or never when told", () => {
    for (const [option, prepared] of [
      [true, 'auto'],
      [{}, 'auto'],
      [{ preparedStatements: 'auto' }, 'auto'],
      [{ preparedStatements: true }, true],
      [{ preparedStatements: false }, false],
    ] as const) {
      const ds = new DataSource({ type: 'postgres' });
      enableTenancy(ds, { rowLevelSecurity: option });
      expect(tenancyConfig(ds)?.rowLevelSecurity).toEqual({ systemKey: null, preparedStatements: prepared, citus: false });
    }
    for (const wrong of ['yes', 1, null]) {
      expect(() => enableTenancy(new DataSource({ type: 'postgres' }), { rowLevelSecurity: { preparedStatements: wrong as never } })).toThrow(/preparedStatements must be true, false or 'auto'/);
    }
  });

  it('refuses it on the MySQL family, saying what the wall is there', () => {
    for (const type of ['mysql', 'mariadb'] as const) {
      expect(() => enableTenancy(new DataSource({ type }), { rowLevelSecurity: true })).toThrow(/no row-level security.*composite foreign keys/);
      expect(() => enableTenancy(new DataSource({ type }), { rowLevelSecurity: false })).not.toThrow();
    }
  });

  it('refuses options the wall cannot honour, with a typed error, before anything is sent', () => {
    const pipelined = new DataSource({ type: 'postgres', extra: { pipeline: true } });
    expect(() => enableTenancy(pipelined)).toThrow(expect.objectContaining({ code: 'TENANCY_SETUP_UNSUPPORTED', message: expect.stringMatching(/pipeline.*remove pipeline: true/) }));
    // The database result cache is refused per query, for tenant rows only (test/scopes/path-regressions.test.ts).
    for (const cache of [true, { type: 'database' as const }, { duration: 1000 }]) {
      expect(() => enableTenancy(new DataSource({ type: 'postgres', cache }))).not.toThrow();
    }
  });

  it('keeps an extra.Client of the application as the base of the tenant client', () => {
    class OwnClient extends (require('pg').Client as new (...args: unknown[]) => object) {}
    const ds = new DataSource({ type: 'postgres', extra: { Client: OwnClient } });
    enableTenancy(ds);
    const Installed = (ds.options.extra as { Client: new () => object }).Client;
    expect(Installed).not.toBe(OwnClient);
    expect(new Installed()).toBeInstanceOf(OwnClient);
  });

  it('refuses a system key shorter than 32 characters and says how to make one', () => {
    const ds = new DataSource({ type: 'postgres' });
    expect(() => enableTenancy(ds, { rowLevelSecurity: { systemKey: 'short' } })).toThrow(/at least 32 characters.*randomBytes/);
    expect(tenancyConfig(ds)).toBeUndefined();
  });
});

describeEachDatabase('rowLevelSecurity on the wire', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  it('PostgreSQL sends the tenant setting by default and none when switched off; the MySQL family never', async () => {
    const postgres = db().target.family === 'postgres';
    const [a] = await seedTenants(db().dataSource, 'wire-a');
    const run = async (ds: DataSource) => {
      await withTenant(a, () => ds.getRepository(Note).findBy({ title: 'x' }));
      await ds.getRepository(Note).query('SELECT 1');
    };
    if (postgres) {
      const on = await db().open({ entities: [Note, Notebook] });
      const takeOn = countWire(on);
      await run(on);
      expect(takeOn().settings).toBeGreaterThan(0);
      const off = await db().open({ entities: [Note, Notebook], tenancy: { rowLevelSecurity: false } });
      const takeOff = countWire(off);
      await run(off);
      expect(takeOff()).toMatchObject({ settings: 0, statements: 2 });
    } else {
      const sent: string[] = [];
      const ds = await db().open({ entities: [Note, Notebook], extra: { logging: ['query'], logger: { logQuery: (q: string) => sent.push(q) } as never } });
      sent.length = 0; // connect-time queries
      await run(ds);
      expect(sent.filter((q) => /app\.tenant|set_config|@app/i.test(q))).toEqual([]);
      expect(sent.length).toBe(2);
    }
  });
});
