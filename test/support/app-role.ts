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
import { pgbouncerAvailable, startPgBouncer, type PgBouncer } from './pgbouncer';
import { openScratch, type ScratchOptions } from './scratch-database';
import { isAvailable, TARGETS, type Target } from './targets';

/**
 * A pooler between the application role and the PostgreSQL server (the owner always connects directly).
 *
 * @example
 * const db = await openAppRoleScratch(target, options, 'pgbouncer-transaction' satisfies Pooler);
 */
export type Pooler = 'pgbouncer-transaction' | 'pgbouncer-session';

/**
 * Where an application-role suite runs: a PostgreSQL target, directly or through a pooler (server only).
 *
 * @example
 * const pooled: AppRoleVariant[] = APP_ROLE_VARIANTS.filter((v) => v.via);
 */
export interface AppRoleVariant {
  readonly target: Target;
  readonly via?: Pooler;
}

const pgTargets = TARGETS.filter((t) => t.family === 'postgres');
const server = pgTargets.find((t) => t.name === 'postgres')!;

/**
 * Every variant {@link describeEachAppRole} declares a suite for: each PostgreSQL target directly,
 * then the server through PgBouncer in transaction mode and in session mode.
 *
 * @example
 * for (const variant of APP_ROLE_VARIANTS) console.log(variantName(variant));
 */
export const APP_ROLE_VARIANTS: readonly AppRoleVariant[] = [
  ...pgTargets.map((target) => ({ target })),
  { target: server, via: 'pgbouncer-transaction' },
  { target: server, via: 'pgbouncer-session' },
];

/**
 * How a suite names its variant: `postgres`, `pglite`, `postgres via pgbouncer (transaction)`, …
 *
 * @example
 * variantName({ target, via: 'pgbouncer-session' }); // 'postgres via pgbouncer (session)'
 */
export function variantName(variant: AppRoleVariant): string {
  return variant.via ? `${variant.target.name} via pgbouncer (${variant.via.replace('pgbouncer-', '')})` : variant.target.name;
}

/**
 * The PgBouncer of each pooler variant. Transaction mode: 3 server sessions handed out in turn
 * (round robin, all opened up front) to an application pool of 8, so consecutive transactions of one
 * application connection land on different server sessions. Session mode: one server session per
 * client for its lifetime, reset with DISCARD ALL when the client leaves.
 *
 * @example
 * const { poolSize } = POOLERS['pgbouncer-transaction']; // 3
 */
export const POOLERS = {
  'pgbouncer-transaction': { mode: 'transaction', poolSize: 3, roundRobin: true, appPoolSize: 8 },
  'pgbouncer-session': { mode: 'session', poolSize: 16, roundRobin: false, appPoolSize: 1 },
} as const;

/**
 * A PostgreSQL scratch database seen through the application role: tables migrated by the owner,
 * then a login role made with `createApplicationRole` (not owner, no BYPASSRLS, not superuser)
 * and a registered system key. On PGlite the database lives in a temp dir and is reopened with
 * the role as its session user, so nothing can switch back to the superuser.
 */
export interface AppRoleScratch {
  readonly target: Target;
  /** The pooler the application role connects through (undefined: directly). */
  readonly via: Pooler | undefined;
  /** That pooler's PgBouncer (null when direct). */
  readonly pooler: PgBouncer | null;
  /** URL of the scratch database as the application role, through the pooler if there is one. */
  readonly url: string;
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

type AppOptions = ScratchOptions & {
  app?: { tenancy?: TenancyOptions | false; extra?: Partial<DataSourceOptions> };
  /** {@link describeEachAppRole} only: false declares no pooler variants, a list only those (default true: all). */
  poolers?: boolean | readonly Pooler[];
};

/** Named prepared statements need a server session that keeps them: session pooling here (CI has PgBouncer 1.18, which in transaction mode does not; >= 1.21 with max_prepared_statements does: pgbouncer-prepared.test.ts, docs/security.md, Poolers). */
export const PREPARING_POOLERS: readonly Pooler[] = ['pgbouncer-session'];

const newKey = () => randomBytes(32).toString('base64url');
/** Tenancy of an application-role DataSource: the session layer with the registered key, unless told otherwise. */
const appTenancy = (tenancy: TenancyOptions | false | undefined, systemKey: string): TenancyOptions | false =>
  tenancy === false ? false : { rowLevelSecurity: { systemKey }, ...(tenancy ?? {}) };

async function openServer(target: Target, options: AppOptions, via: Pooler | undefined): Promise<AppRoleScratch & { close(): Promise<void> }> {
  const scratch = await openScratch(target, options);
  const role = `tt_app_${randomBytes(5).toString('hex')}`;
  const database = new URL(scratch.url).pathname.slice(1);
  const systemKey = newKey();
  const dropRole = async () => {
    const admin = new Client({ connectionString: target.url });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  };
  let pooler: PgBouncer | null = null;
  try {
    await createApplicationRole(scratch.dataSource, { role });
    await registerSystemKey(scratch.dataSource, systemKey, 'tests');
    if (via) {
      const { mode, poolSize, roundRobin } = POOLERS[via];
      pooler = await startPgBouncer({ mode, poolSize, roundRobin, serverUrl: target.url });
      // Every server session exists before the first request: round robin then spreads them all.
      if (mode === 'transaction') await pooler.fill(role, database);
    }
  } catch (error) {
    await scratch.close();
    await pooler?.stop();
    await dropRole().catch(() => undefined);
    throw error;
  }
  // Through a pooler: its address; in transaction mode an application pool larger than the pooler's.
  const through = pooler ? { host: pooler.host, port: pooler.port } : {};
  const appPool = via ? POOLERS[via].appPoolSize : 1;
  const open: AppRoleScratch['open'] = async (o = options.app ?? {}) => {
    return scratch.open({
      ...options,
      tenancy: appTenancy(o.tenancy, systemKey),
      extra: {
        ...through,
        username: role,
        password: 'unused (trust)',
        // Directly: one pooled connection, as on PGlite: every request reuses it.
        extra: { max: appPool },
        ...(options.extra ?? {}),
        ...(o.extra ?? {}),
      } as Partial<DataSourceOptions>,
    }); // closed by scratch.close()
  };
  let app: DataSource;
  try {
    app = await open();
  } catch (error) {
    await scratch.close();
    await pooler?.stop();
    await dropRole().catch(() => undefined);
    throw error;
  }
  return {
    target,
    via,
    pooler,
    url: pooler ? pooler.url(role, database) : scratch.url.replace(/\/\/[^@/]*@/, `//${role}@`),
    role,
    systemKey,
    app,
    owner: scratch.dataSource,
    openOwner: (o = options) => scratch.open(o),
    open,
    async close() {
      try {
        await scratch.close();
      } finally {
        await pooler?.stop();
      }
      await dropRole();
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
    via: undefined,
    pooler: null,
    url: `postgres://${role}@${pg.host}:${pg.port}/postgres`,
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
 * {@link describeEachAppRole}), the application role connecting through `via` when given (server
 * only; the PgBouncer is started for this scratch and stopped by `close()`). `close()` drops the
 * database and the role.
 *
 * @example
 * const db = await openAppRoleScratch(target, { entities, migrations });
 * const pooled = await openAppRoleScratch(target, { entities, migrations }, 'pgbouncer-transaction');
 */
export function openAppRoleScratch(target: Target, options: AppOptions, via?: Pooler): Promise<AppRoleScratch & { close(): Promise<void> }> {
  if (target.name === 'pglite') {
    if (via) throw new Error('PGlite has no pooler variant');
    return openPglite(target, options);
  }
  return openServer(target, options, via);
}

/**
 * Declares `body` once per {@link APP_ROLE_VARIANTS} entry (the server and PGlite directly, the
 * server through PgBouncer in transaction and in session mode; `poolers: false` leaves the last two
 * out), each with a scratch database whose `app` DataSource connects as the application role. A
 * variant whose server (or PgBouncer) is unavailable outside CI is skipped; global-setup said why.
 *
 * @example
 * describeEachAppRole('raw SQL', { entities: [Note], migrations: [CreateTestTables] }, (db) => { ... });
 */
export function describeEachAppRole(title: string, options: AppOptions, body: (db: () => AppRoleScratch, variant: AppRoleVariant) => void): void {
  for (const variant of APP_ROLE_VARIANTS) {
    if (variant.via && (options.poolers === false || (Array.isArray(options.poolers) && !options.poolers.includes(variant.via)))) continue;
    const available = isAvailable(variant.target) && (!variant.via || pgbouncerAvailable());
    const suite = available ? describe : describe.skip;
    const name = variantName(variant);
    suite(`${title} [${name}, application role]`, () => {
      let scratch: (AppRoleScratch & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        scratch = await openAppRoleScratch(variant.target, options, variant.via);
      });
      afterAll(async () => {
        await scratch?.close();
      });
      body(() => {
        if (!scratch) throw new Error(`application-role scratch for ${name} failed to open`);
        return scratch;
      }, variant);
    });
  }
}
