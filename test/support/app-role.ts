import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/cli/embedded-postgres';
import { createApplicationRole, registerSystemKey } from '../../src/dialect/postgres-app-role';
import { Tenant } from '../../src/entities/tenant.entity';
import { CreateTenantIsolation0099 } from '../../src/migrations/0099-create-tenant-isolation';
import { CreateTenants0100 } from '../../src/migrations/0100-create-tenants';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import type { TenancyOptions } from '../../src/scopes/tenancy-options';
import { openScratch, type ScratchOptions } from './scratch-database';
import { isAvailable, TARGETS, type Target } from './targets';

/**
 * A PostgreSQL scratch database seen through the application role: tables migrated by the owner,
 * then a login role made with `createApplicationRole` (not owner, no BYPASSRLS, not superuser)
 * and a registered system key. On PGlite the database lives in a temp dir and is reopened with
 * the role as its session user, so nothing can switch back to the superuser.
 */
export interface AppRoleScratch {
  readonly target: Target;
  readonly role: string;
  readonly systemKey: string;
  /** Connected as the application role, tenancy on with the system key (unless `open` says otherwise). */
  readonly app: DataSource;
  /** Connected as the owner (a superuser): sees everything. null on PGlite (one session, app role). */
  readonly owner: DataSource | null;
  /** Another DataSource as the owner (server only; null on PGlite). */
  openOwner: ((options?: ScratchOptions) => Promise<DataSource>) | null;
  /** Another DataSource as the application role (e.g. other pool size or tenancy options). */
  open(options?: { tenancy?: TenancyOptions | false; extra?: Partial<DataSourceOptions> }): Promise<DataSource>;
}

type AppOptions = ScratchOptions & { app?: { tenancy?: TenancyOptions | false; extra?: Partial<DataSourceOptions> } };

const newKey = () => randomBytes(32).toString('base64url');
/** Tenancy of an application-role DataSource: the session layer with the registered key, unless told otherwise. */
const appTenancy = (tenancy: TenancyOptions | false | undefined, systemKey: string): TenancyOptions | false =>
  tenancy === false ? false : { rowLevelSecurity: { systemKey }, ...(tenancy ?? {}) };

async function openServer(target: Target, options: AppOptions): Promise<AppRoleScratch & { close(): Promise<void> }> {
  const scratch = await openScratch(target, options);
  const role = `tt_app_${randomBytes(5).toString('hex')}`;
  const systemKey = newKey();
  try {
    await createApplicationRole(scratch.dataSource, { role });
    await registerSystemKey(scratch.dataSource, systemKey, 'tests');
  } catch (error) {
    await scratch.close();
    throw error;
  }
  const open: AppRoleScratch['open'] = async (o = options.app ?? {}) => {
    return scratch.open({
      ...options,
      tenancy: appTenancy(o.tenancy, systemKey),
      extra: {
        username: role,
        password: 'unused (trust)',
        extra: { max: 1 }, // one pooled connection, as on PGlite: every request reuses it
        ...(options.extra ?? {}),
        ...(o.extra ?? {}),
      } as Partial<DataSourceOptions>,
    }); // closed by scratch.close()
  };
  const app = await open();
  return {
    target,
    role,
    systemKey,
    app,
    owner: scratch.dataSource,
    openOwner: (o = options) => scratch.open(o),
    open,
    async close() {
      await scratch.close();
      const admin = new Client({ connectionString: target.url });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    },
  };
}

async function openPglite(target: Target, options: AppOptions): Promise<AppRoleScratch & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-pglite-'));
  const role = 'tenancy_app';
  const systemKey = newKey();
  const connect = (pg: EmbeddedPostgres, tenancy: TenancyOptions | false, extra: Partial<DataSourceOptions> = {}) => {
    const ds = new DataSource({
      type: 'postgres',
      host: pg.host,
      port: pg.port,
      username: 'postgres',
      database: 'postgres',
      entities: [Tenant, ...((options.entities as unknown[]) ?? [])],
      migrations: [CreateTenantIsolation0099, CreateTenants0100, ...(options.migrations ?? [])],
      extra: { max: 1 },
      ...extra,
    } as DataSourceOptions);
    if (tenancy !== false) enableTenancy(ds, tenancy);
    return ds;
  };
  const setup = await startEmbeddedPostgres(dir);
  try {
    const owner = connect(setup, { rowLevelSecurity: false });
    await owner.initialize();
    await owner.runMigrations({ transaction: 'each' });
    await createApplicationRole(owner, { role });
    await registerSystemKey(owner, systemKey, 'tests');
    await owner.destroy();
  } finally {
    await setup.stop();
  }
  const pg = await startEmbeddedPostgres(dir, 4, { username: role });
  const opened: DataSource[] = [];
  const open: AppRoleScratch['open'] = async (o = options.app ?? {}) => {
    const extra = { ...(options.extra ?? {}), ...(o.extra ?? {}) } as Partial<DataSourceOptions>;
    const ds = connect(pg, appTenancy(o.tenancy, systemKey), extra);
    await ds.initialize();
    opened.push(ds);
    return ds;
  };
  const app = await open();
  return {
    target,
    role,
    systemKey,
    app,
    owner: null,
    openOwner: null,
    open,
    async close() {
      for (const ds of opened) if (ds.isInitialized) await ds.destroy();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens an application-role scratch database on one PostgreSQL target (for benchmarks; tests use
 * {@link describeEachAppRole}). `close()` drops the database and the role.
 *
 * @example
 * const db = await openAppRoleScratch(target, { entities, migrations });
 */
export function openAppRoleScratch(target: Target, options: AppOptions): Promise<AppRoleScratch & { close(): Promise<void> }> {
  return target.name === 'pglite' ? openPglite(target, options) : openServer(target, options);
}

/**
 * Declares `body` once per PostgreSQL target (server and PGlite), each with a scratch database
 * whose `app` DataSource connects as the application role.
 *
 * @example
 * describeEachAppRole('raw SQL', { entities: [Note], migrations: [CreateTestTables] }, (db) => { ... });
 */
export function describeEachAppRole(title: string, options: AppOptions, body: (db: () => AppRoleScratch) => void): void {
  for (const target of TARGETS.filter((t) => t.family === 'postgres')) {
    const suite = isAvailable(target) ? describe : describe.skip;
    suite(`${title} [${target.name}, application role]`, () => {
      let scratch: (AppRoleScratch & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        scratch = await openAppRoleScratch(target, options);
      });
      afterAll(async () => {
        await scratch?.close();
      });
      body(() => {
        if (!scratch) throw new Error(`application-role scratch for ${target.name} failed to open`);
        return scratch;
      });
    });
  }
}
