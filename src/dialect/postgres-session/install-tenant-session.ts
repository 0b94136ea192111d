import type { DataSource } from 'typeorm';
import { bindTenantScope } from '../../tenancy/bind-tenant-scope';
import type { PgClient } from './pg-wire';
import { attachTenantSession } from './tenant-session';

type Pool = {
  on(event: 'acquire', listener: (client: PgClient) => void): void;
  connect(callback?: (...args: unknown[]) => void): unknown;
};
type PostgresDriverFields = { master?: Pool; slaves?: Pool[] };

/**
 * Puts every connection of a PostgreSQL DataSource's pools (master and replicas) under the tenant
 * session: each client is attached when the pool hands it out, so every path that reaches a
 * connection (repositories, QueryBuilder, transactions, `stream()`, raw `query()`, even a client
 * taken from the pool directly) sends the settings of its async context. Call after the driver
 * connected (enableTenancy does, from inside `initialize()`).
 *
 * @example
 * installTenantSession(dataSource, process.env.TENANCY_SYSTEM_KEY ?? null);
 */
export function installTenantSession(dataSource: DataSource, systemKey: string | null, options: { prepare?: boolean } = {}): void {
  const driver = dataSource.driver as unknown as PostgresDriverFields;
  // Patch point (pinned in typeorm-internals): PostgresDriver keeps its pg pools in `master` and
  // `slaves`. Clients already idle in a pool are attached when next acquired; until then they
  // were only used by TypeORM's connect-time checks, outside any tenant.
  const pools = [driver.master, ...(driver.slaves ?? [])];
  if (!driver.master) throw new Error('typeorm-tenancy: the PostgreSQL driver has no connection pool (is it connected?).');
  for (const pool of pools) {
    if (!pool) continue;
    pool.on('acquire', (client) => attachTenantSession(client, systemKey, options));
    // A caller waiting for a free client gets its callback from inside another caller's
    // release(), i.e. in that caller's async context (pg-pool keeps no AsyncResource): bind it
    // to the waiting caller's scope, or `pool.query()` would send the releaser's tenant.
    const connect = pool.connect.bind(pool);
    pool.connect = (callback?: (...args: unknown[]) => void) => connect(callback && bindTenantScope(callback));
  }
}
