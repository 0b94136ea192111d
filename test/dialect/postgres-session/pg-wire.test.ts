import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { missingPgInternals, PINNED_PG_VERSION, type PgClient } from '../../../src/dialect/postgres-session/pg-wire';
import { tenantClientClass } from '../../../src/dialect/postgres-session/tenant-client';
import { enableTenancy } from '../../../src/scopes/enable-tenancy';

/** The session layer writes protocol messages through node-postgres internals: pinned and checked. */
describe('pinned node-postgres internals', () => {
  it('package.json pins pg (a peer dependency) to the exact version the session layer was written against, and it is installed', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.peerDependencies.pg).toBe(PINNED_PG_VERSION);
    expect(pkg.devDependencies.pg).toBe(PINNED_PG_VERSION);
    expect(JSON.parse(readFileSync(require.resolve('pg/package.json'), 'utf8')).version).toBe(PINNED_PG_VERSION);
  });

  it('every Query and Connection method the session calls or forwards to exists', () => {
    const client = new Client() as unknown as PgClient;
    expect(missingPgInternals(client)).toEqual([]);
  });

  it('a client whose internals changed is refused loudly, before any statement is sent', () => {
    const client = new Client() as unknown as PgClient;
    class ChangedQuery {}
    Object.defineProperty(client, 'constructor', { value: { Query: ChangedQuery } });
    expect(missingPgInternals(client)).toContain('Query.handleDataRow');
    class ChangedClient extends Client {}
    Object.defineProperty(ChangedClient, 'Query', { value: ChangedQuery });
    const Tenant = tenantClientClass(ChangedClient as never, { systemKey: null, prepare: false }) as unknown as new () => unknown;
    expect(() => new Tenant()).toThrow(expect.objectContaining({ code: 'TENANCY_SETUP_UNSUPPORTED', message: expect.stringMatching(/internals that changed \(Query\.submit/) }));
  });

  it('a DataSource with row-level security off never touches node-postgres internals', () => {
    const ds = new DataSource({ type: 'postgres' });
    enableTenancy(ds, { rowLevelSecurity: false });
    expect(() => enableTenancy(ds, { rowLevelSecurity: false })).not.toThrow();
  });
});
