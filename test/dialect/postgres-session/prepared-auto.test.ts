import type { DataSource } from 'typeorm';
import { withTenant } from '../../../src/tenancy/with-tenant';
import { DIRECT_CONNECTION_PROBE } from '../../../src/dialect/postgres-session/tenant-client';
import { describeEachAppRole } from '../../support/app-role';
import { errorKinds } from '../../support/error-kinds';
import { CreateTestTables1800000000000, Note, Notebook } from '../../support/fixtures';
import { runInterleaved, seedInterleaved } from '../../support/interleaved-requests';
import { tenantsOf } from '../../support/tenants';
import { countPrepares, countSettingsPrepares } from '../../support/wire';

type Conn = { query(text: string): void };

/** Counts the probe's simple-protocol Query messages on every connection the pool hands out from now on. */
function countProbes(ds: DataSource): () => number {
  let probes = 0;
  const seen = new WeakSet<object>();
  const pool = (ds.driver as unknown as { master: { on(e: string, f: (c: { connection: Conn }) => void): void } }).master;
  pool.on('acquire', ({ connection }) => {
    if (seen.has(connection)) return;
    seen.add(connection);
    const query = connection.query.bind(connection);
    connection.query = (text) => {
      if (text === DIRECT_CONNECTION_PROBE) probes++;
      query(text);
    };
  });
  return () => probes;
}

/**
 * `preparedStatements: 'auto'`, the default: a connection names its parameterized statements only once
 * it has proven direct (the server pid equals the pid of the start-up's BackendKeyData). A pooler
 * answers the start-up with a key of its own, so through PgBouncer (either mode) statements stay
 * unnamed and PgBouncer 1.18 never gets a named statement it would lose (26000 / 42P05).
 */
describeEachAppRole('row-level security: statements prepared by default on direct connections only', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db, variant) => {
  let tenants: string[];
  // PGlite (one embedded backend behind pglite-socket) answers with its own pid: direct too.
  const direct = !variant.via;
  const open = (max: number) => db().open({ tenancy: { rowLevelSecurity: { systemKey: db().systemKey } }, extra: { extra: { max } } as never });

  beforeAll(async () => {
    tenants = await seedInterleaved(db().owner ?? db().app, 'auto-');
  });

  it(direct ? 'a direct connection prepares a repeated statement and its settings once, probed once' : 'statements stay unnamed: the connection is not proven direct', async () => {
    const ds = await open(1);
    try {
      const parses = countPrepares(ds);
      const settingsParses = countSettingsPrepares(ds);
      const probes = countProbes(ds);
      const sql = 'SELECT tenant_id FROM notes WHERE $1 = 1';
      for (let i = 0; i < 10; i++) {
        const tenant = tenants[i % 2];
        expect(tenantsOf(await withTenant(tenant, () => ds.query(sql, [1])))).toEqual([tenant]);
      }
      expect(await ds.query(sql, [1])).toEqual([]);
      // The probe went with the connection's first statement (TypeORM's, inside initialize): never again.
      // The settings statement too (with a role, for both tenants): once on a direct connection.
      expect({ parses: parses(), settings: settingsParses(), probes: probes() }).toEqual({ parses: direct ? 1 : 0, settings: direct ? 1 : 0, probes: 0 });
    } finally {
      await ds.destroy();
    }
  });

  it('an isolation level on the connection\'s first statement: the probe goes before START TRANSACTION', async () => {
    const ds = await open(1);
    try {
      const seen = await withTenant(tenants[2], () => ds.transaction('SERIALIZABLE', (m) => m.query('SELECT tenant_id FROM notes WHERE title <> $1', ['-'])));
      expect(tenantsOf(seen)).toEqual([tenants[2]]);
    } finally {
      await ds.destroy();
    }
  });

  it('3,000 interleaved requests with the default (parameters inside transactions too): no foreign rows, no wrong results, no errors', async () => {
    const ds = await open(variant.target.name === 'pglite' ? 1 : 8);
    try {
      const { foreign, wrong, errors } = await runInterleaved(ds, tenants, 3000, { paramsInTransactions: true });
      expect({ foreign: foreign.length, wrong: wrong.length, errors: errorKinds(errors) }).toEqual({ foreign: 0, wrong: 0, errors: [] });
    } finally {
      await ds.destroy();
    }
  }, 180_000);
});
