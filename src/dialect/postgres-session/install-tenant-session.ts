import type { DataSource } from 'typeorm';
import { TenancySetupError } from '../../errors/tenancy-setup-error';
import { bindTenantScope } from '../../tenancy/bind-tenant-scope';
import type { PgClient } from './pg-wire';
import { tenantClientClass, type TenantClientOptions } from './tenant-client';

type ClientClass = new (...args: unknown[]) => PgClient;
type Pool = { connect(callback?: (...args: unknown[]) => void): unknown };
type PostgresDriverFields = { postgres?: { Client?: ClientClass }; master?: Pool; slaves?: Pool[] };
type Extra = { Client?: ClientClass; pipeline?: unknown } & Record<string, unknown>;

/**
 * Makes every connection of a PostgreSQL DataSource's pools (master and replicas) a
 * {@link tenantClientClass} client, through node-postgres' public `Client` pool option
 * (`extra.Client`; a `Client` class of your own is kept as the base). The class comes from the
 * node-postgres copy this DataSource's driver loaded. Call before `initialize()`.
 *
 * @throws TenancySetupError for `extra.pipeline: true` (statements would be sent before the
 *   server reported the transaction status that decides how each carries its settings).
 * @example
 * installTenantSession(dataSource, { systemKey: process.env.TENANCY_SYSTEM_KEY ?? null, prepare: false });
 */
export function installTenantSession(dataSource: DataSource, options: TenantClientOptions): void {
  const driver = dataSource.driver as unknown as PostgresDriverFields;
  const extra = (dataSource.options.extra ?? {}) as Extra;
  if (extra.pipeline) {
    throw new TenancySetupError(
      'extra.pipeline (node-postgres pipelining)',
      'The database wall sends each statement with its own settings once the previous one finished; remove pipeline: true, or pass rowLevelSecurity: false.',
    );
  }
  const Base = extra.Client ?? driver.postgres?.Client;
  if (!Base) throw new TenancySetupError('the PostgreSQL driver', 'TypeORM did not load node-postgres (pg); install pg@8.23.1.');
  // TypeORM hands `extra` to every pool it creates (`new pg.Pool({ …, ...extra })`).
  Object.assign(dataSource.options, { extra: { ...extra, Client: tenantClientClass(Base, options) } });
}

/**
 * A caller waiting for a free client gets its callback from inside another caller's `release()`,
 * i.e. in that caller's async context (pg-pool keeps no AsyncResource): binds it to the waiting
 * caller's scope, or `pool.query()` would issue its statement as the releaser's tenant. Call
 * after the driver connected (enableTenancy does, from inside `initialize()`).
 *
 * @example
 * bindPoolCallbacks(dataSource);
 */
export function bindPoolCallbacks(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as PostgresDriverFields;
  for (const pool of [driver.master, ...(driver.slaves ?? [])]) {
    if (!pool) continue;
    const connect = pool.connect.bind(pool);
    pool.connect = (callback?: (...args: unknown[]) => void) => connect(callback && bindTenantScope(callback));
  }
}
