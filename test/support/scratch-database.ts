import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { startEmbeddedPostgres } from '../../src/cli/embedded-postgres';
import { Tenant } from '../../src/entities/tenant.entity';
import { CreateTenantIsolation0099 } from '../../src/migrations/0099-create-tenant-isolation';
import { CreateTenants0100 } from '../../src/migrations/0100-create-tenants';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import type { TenancyOptions } from '../../src/scopes/tenancy-options';
import { isAvailable, TARGETS, type Target } from './targets';

/** How a test file wants its scratch database. */
export interface ScratchOptions {
  /** Entities besides `Tenant`. */
  entities?: DataSourceOptions['entities'];
  /** Migrations to run after the `tenants` one (e.g. `schemaMigrations`, or tables for test entities). */
  migrations?: Array<new () => MigrationInterface>;
  /** `false` leaves tenancy off; otherwise the options for `enableTenancy`. */
  tenancy?: TenancyOptions | false;
  /** Extra DataSource options (pool size, logging, …). */
  extra?: Partial<DataSourceOptions>;
  /** Run the migrations on open. Default true. */
  migrate?: boolean;
}

/** An initialized DataSource on a database of its own, dropped again by `close()`. */
export interface Scratch {
  readonly target: Target;
  readonly dataSource: DataSource;
  /** URL of the scratch database, for tools that connect on their own (CLI, ormconfig). */
  readonly url: string;
  /** Opens another DataSource on the same database (e.g. to compare with plain TypeORM). */
  open(options?: ScratchOptions): Promise<DataSource>;
  close(): Promise<void>;
}

async function build(connection: DataSourceOptions, options: ScratchOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    ...connection,
    entities: [Tenant, ...((options.entities as unknown[]) ?? [])],
    // The tenants table (and the RLS function its policy calls) always; the rest of the schema only
    // when a test asks (options.migrations).
    migrations: [CreateTenantIsolation0099, CreateTenants0100, ...(options.migrations ?? [])],
    ...(options.extra ?? {}),
  } as DataSourceOptions);
  if (options.tenancy !== false) enableTenancy(dataSource, options.tenancy ?? {});
  await dataSource.initialize();
  return dataSource;
}

/** Creates a fresh database on `target`, runs the migrations and returns the handle. */
export async function openScratch(target: Target, options: ScratchOptions = {}): Promise<Scratch> {
  const name = `tt_${randomBytes(6).toString('hex')}`;
  let connection: DataSourceOptions;
  let drop: () => Promise<void>;
  let url: string;
  if (target.name === 'pglite') {
    // Several DataSources may be opened here, each pool of one, used one after the other.
    const embedded = await startEmbeddedPostgres(undefined, 4);
    connection = { type: 'postgres', host: embedded.host, port: embedded.port, username: 'postgres', database: 'postgres', extra: { max: 1 } };
    drop = () => embedded.stop();
    url = `postgres://postgres@${embedded.host}:${embedded.port}/postgres`;
  } else if (target.family === 'postgres') {
    const admin = new Client({ connectionString: target.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = target.url!.replace(/\/[^/]*$/, `/${name}`);
    connection = connectionOptionsFromUrl(url);
    drop = async () => {
      const client = new Client({ connectionString: target.url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const admin = await createConnection({ uri: target.url });
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    url = target.url!.replace(/^mysql:/, `${target.name}:`).replace(/\/[^/]*$/, `/${name}`);
    connection = connectionOptionsFromUrl(url);
    drop = async () => {
      const c = await createConnection({ uri: target.url });
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    };
  }
  const opened: DataSource[] = [];
  const open = async (o: ScratchOptions = options) => {
    const ds = await build(connection, o);
    opened.push(ds);
    return ds;
  };
  let dataSource: DataSource;
  try {
    dataSource = await open(options);
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    // Leave nothing open behind a failed setup, or jest waits on the sockets forever.
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
    await drop();
    throw error;
  }
  return {
    target,
    url,
    dataSource,
    open,
    async close() {
      for (const ds of opened) if (ds.isInitialized) await ds.destroy();
      await drop();
    },
  };
}

/**
 * Declares `body` once per database target, each with its own scratch database; `target` lets a
 * test that applies to one family only be skipped visibly elsewhere (`(pg ? it : it.skip)(…)`). A server that is
 * down outside CI is skipped (global-setup printed why); in CI the run has already failed.
 *
 * @example
 * describeEachDatabase('notes', { entities: [Note], migrations: [CreateNotes] }, (db) => {
 *   it('inserts', async () => { await db().dataSource.getRepository(Note).insert(...) });
 * });
 */
export function describeEachDatabase(title: string, options: ScratchOptions, body: (db: () => Scratch, target: Target) => void): void {
  for (const target of TARGETS) {
    const suite = isAvailable(target) ? describe : describe.skip;
    suite(`${title} [${target.name}]`, () => {
      let scratch: Scratch | undefined;
      beforeAll(async () => {
        scratch = await openScratch(target, options);
      });
      afterAll(async () => {
        await scratch?.close();
      });
      body(() => {
        if (!scratch) throw new Error(`scratch database for ${target.name} failed to open`);
        return scratch;
      }, target);
    });
  }
}
