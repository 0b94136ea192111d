import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { connectionOptionsFromUrl } from '../cli/data-source-from-url';
import { startEmbeddedPostgres } from '../cli/embedded-postgres';
import { Tenant } from '../entities/tenant.entity';
import { CreateTenantIsolation0099 } from '../migrations/0099-create-tenant-isolation';
import { CreateTenants0100 } from '../migrations/0100-create-tenants';
import { enableTenancy } from '../scopes/enable-tenancy';
import type { TenancyOptions } from '../scopes/tenancy-options';
import { testTarget, type TestTarget } from './test-target';

/**
 * Options of {@link openTestDatabase}.
 *
 * @example
 * const options: TestDatabaseOptions = { entities: [Note], migrations: [CreateNotes1800000000000] };
 */
export interface TestDatabaseOptions {
  /** Entities besides `Tenant` (always included). */
  entities?: DataSourceOptions['entities'];
  /** Migrations to run after the bundled `tenants` ones (e.g. `bundledMigrations`' rest, or your own). */
  migrations?: Array<new () => MigrationInterface>;
  /** `false` leaves tenancy off; otherwise the options for `enableTenancy`. */
  tenancy?: TenancyOptions | false;
  /** Extra DataSource options (pool size, logging, …). */
  extra?: Partial<DataSourceOptions>;
  /** Run the migrations on open. Default true. */
  migrate?: boolean;
}

/**
 * An initialized DataSource on a database of its own, dropped again by `close()`.
 *
 * @example
 * const db: TestDatabase = await openTestDatabase('pglite');
 */
export interface TestDatabase {
  readonly target: TestTarget;
  readonly dataSource: DataSource;
  /** URL of the scratch database, for tools that connect on their own (an app under test, the CLI). */
  readonly url: string;
  /** Opens another DataSource on the same database (pglite: use them one after the other). */
  open(options?: TestDatabaseOptions): Promise<DataSource>;
  /** Destroys every DataSource opened here and drops the database (stops the embedded one). */
  close(): Promise<void>;
}

async function build(connection: DataSourceOptions, options: TestDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    ...connection,
    entities: [Tenant, ...((options.entities as unknown[]) ?? [])],
    migrations: [CreateTenantIsolation0099, CreateTenants0100, ...(options.migrations ?? [])],
    ...(options.extra ?? {}),
  } as DataSourceOptions);
  if (options.tenancy !== false) enableTenancy(dataSource, options.tenancy ?? {});
  await dataSource.initialize();
  return dataSource;
}

interface Place {
  connection: DataSourceOptions;
  url: string;
  drop(): Promise<void>;
}

async function createDatabase(target: TestTarget, name: string): Promise<Place> {
  if (target.name === 'pglite') {
    // Several DataSources may be opened here, each a pool of one, used one after the other.
    const embedded = await startEmbeddedPostgres(undefined, 4);
    const connection: DataSourceOptions = { type: 'postgres', host: embedded.host, port: embedded.port, username: 'postgres', database: 'postgres', extra: { max: 1 } };
    return { connection, url: `postgres://postgres@${embedded.host}:${embedded.port}/postgres`, drop: () => embedded.stop() };
  }
  const server = target.url!;
  if (target.family === 'postgres') {
    // Loaded here: pg and mysql2 are optional peers; a test run needs only its own driver.
    const { Client } = await import('pg');
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: server });
      await client.connect();
      try { await client.query(sql); } finally { await client.end(); }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = server.replace(/\/[^/]*$/, `/${name}`);
    return { connection: connectionOptionsFromUrl(url), url, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const { createConnection } = await import('mysql2/promise');
  const admin = async (sql: string) => {
    const connection = await createConnection({ uri: server });
    try { await connection.query(sql); } finally { await connection.end(); }
  };
  await admin(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  // The scheme picks TypeORM's driver: mysql:// → 'mysql' (CHAR(36) ids), mariadb:// → 'mariadb' (native UUID).
  const url = server.replace(/^[a-z]+:/, `${target.name}:`).replace(/\/[^/]*$/, `/${name}`);
  return { connection: connectionOptionsFromUrl(url), url, drop: () => admin(`DROP DATABASE IF EXISTS ${name}`) };
}

/**
 * Creates a fresh database (`tt_<random>`) on a server, or starts an embedded PostgreSQL, opens a
 * DataSource with tenancy on and runs the bundled `tenants` migrations and yours. Every test file
 * gets a database of its own, so files may run in parallel; `close()` drops it. The server URL's
 * user must be allowed to create databases; the DataSource connects as that user (on PostgreSQL a
 * superuser bypasses row-level security: the query-scope layer is what is tested then).
 *
 * @throws whatever the server or a migration throws; nothing is left behind (the database is dropped).
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await openTestDatabase(process.env.DATABASE_URL ?? 'pglite', { entities: [Note], migrations: [CreateNotes1800000000000] }); });
 * afterAll(() => db.close());
 */
export async function openTestDatabase(target: TestTarget | string, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const resolved = testTarget(target);
  const place = await createDatabase(resolved, `tt_${randomBytes(6).toString('hex')}`);
  const opened: DataSource[] = [];
  const closeAll = async () => {
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
  };
  const open = async (o: TestDatabaseOptions = options) => {
    const ds = await build(place.connection, o);
    opened.push(ds);
    return ds;
  };
  let dataSource: DataSource;
  try {
    dataSource = await open(options);
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    // Leave nothing open behind a failed setup, or jest waits on the sockets forever.
    await closeAll();
    await place.drop();
    throw error;
  }
  return {
    target: resolved,
    url: place.url,
    dataSource,
    open,
    async close() {
      await closeAll();
      await place.drop();
    },
  };
}
