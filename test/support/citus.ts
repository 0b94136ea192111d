import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { createCitusScratch } from '../../src/dialect/citus/citus-scratch';
import { createApplicationRole, registerSystemKey } from '../../src/dialect/postgres-app-role';
import { Tenant } from '../../src/entities/tenant.entity';
import { bundledMigrations } from '../../src/migrations';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import type { TenancyOptions } from '../../src/scopes/tenancy-options';

/**
 * The Citus target: a coordinator URL (`postgres://superuser@host:port/db` of a database with the
 * `citus` extension and its workers registered). Unset: every Citus suite is declared with
 * `describe.skip` and a name saying "Citus not configured", so the run counts it as skipped.
 */
export const CITUS_URL = process.env.TEST_CITUS_URL || undefined;

/** A scratch database on every node of the Citus cluster, migrated, with an application role. */
export interface CitusDatabase {
  /** Coordinator URL of the scratch database, as the superuser of TEST_CITUS_URL. */
  readonly url: string;
  /** The same database as the application role (LOGIN NOINHERIT member of the wall roles). */
  readonly appUrl: string;
  readonly appRole: string;
  readonly systemKey: string;
  /** Superuser DataSource with tenancy on (scope layer; RLS bypassed), migrations run. */
  readonly owner: DataSource;
  /** Application-role DataSource: scope layer + wall in the Citus form, with the system key. */
  readonly app: DataSource;
  /** Opens another DataSource as the application role (`tenancy` for enableTenancy). */
  openApp(tenancy?: TenancyOptions | false): Promise<DataSource>;
}

/** Options of {@link describeCitus}. */
export interface CitusOptions {
  entities?: DataSourceOptions['entities'];
  /** Default: the bundled migrations. */
  migrations?: Array<new () => MigrationInterface>;
}

const withUrl = (url: string, patch: { host?: string; port?: number; database?: string; user?: string }) => {
  const u = new URL(url);
  if (patch.host) u.hostname = patch.host;
  if (patch.port) u.port = String(patch.port);
  if (patch.database) u.pathname = `/${patch.database}`;
  if (patch.user) {
    u.username = patch.user;
    u.password = '';
  }
  return u.toString();
};

/**
 * Runs `sql` in order on one fresh connection to `url`; the rows of the last statement.
 *
 * @example
 * const [{ n }] = await citusSql(url, ['SELECT count(*)::int AS n FROM pg_dist_partition']);
 */
export async function citusSql(url: string, sql: string[]): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let rows: Array<Record<string, unknown>> = [];
    for (const s of sql) rows = (await client.query(s)).rows;
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * Creates database `cw_<random>` as a Citus database with the nodes of TEST_CITUS_URL's database
 * (on every node, with the extension, nodes registered: the library's `createCitusScratch`, which
 * `lint` uses too). Returns the coordinator URL and the drop.
 *
 * @example
 * const { url, drop } = await createCitusDatabase(CITUS_URL!);
 */
export async function createCitusDatabase(base: string): Promise<{ url: string; drop(): Promise<void>; dropRole(role: string): Promise<void> }> {
  const name = `cw_${randomBytes(5).toString('hex')}`;
  // Held open until the drop, which runs on it (it connects to each node as that user).
  const coordinator = await new DataSource(connectionOptionsFromUrl(base)).initialize();
  const dropDatabase = await createCitusScratch(coordinator, name).catch(async (error) => {
    await coordinator.destroy();
    throw error;
  });
  const nodes = (await coordinator.query('SELECT nodename, nodeport FROM pg_dist_node WHERE groupid <> 0')) as Array<{ nodename: string; nodeport: number }>;
  const everyNode = [base, ...nodes.map((n) => withUrl(base, { host: n.nodename, port: n.nodeport }))];
  return {
    url: withUrl(base, { database: name }),
    async drop() {
      try {
        await dropDatabase();
      } finally {
        await coordinator.destroy();
      }
    },
    // Roles are per node: Citus creates them on the workers but a DROP ROLE outside a Citus database does not follow.
    async dropRole(role: string) {
      for (const u of everyNode) await citusSql(u, [`DROP ROLE IF EXISTS ${role}`]).catch(() => undefined);
    },
  };
}

/**
 * Declares a Citus suite: skipped visibly ("Citus not configured") without TEST_CITUS_URL; with
 * it, one scratch database on the cluster for the whole suite: the migrations run as the
 * superuser (the Citus profile is detected), an application role made with `createApplicationRole`
 * (which on Citus makes the wall roles LOGIN), a system key registered.
 *
 * @example
 * describeCitus('reads', { entities: bundledEntities }, (db) => { it('…', async () => { await db().app.query('SELECT 1'); }); });
 */
export function describeCitus(title: string, options: CitusOptions, body: (db: () => CitusDatabase) => void): void {
  if (!CITUS_URL) {
    describe.skip(`${title} [Citus not configured: set TEST_CITUS_URL]`, () => {
      it('needs a Citus coordinator (TEST_CITUS_URL)', () => undefined);
    });
    return;
  }
  describe(`${title} [citus]`, () => {
    let db: CitusDatabase | undefined;
    let created: Awaited<ReturnType<typeof createCitusDatabase>> | undefined;
    const opened: DataSource[] = [];
    beforeAll(async () => {
      created = await createCitusDatabase(CITUS_URL);
      const appRole = `cw_app_${randomBytes(4).toString('hex')}`;
      const systemKey = randomBytes(24).toString('hex');
      const open = async (url: string, tenancy: TenancyOptions | false, extra: Partial<DataSourceOptions> = {}) => {
        const ds = new DataSource({
          ...connectionOptionsFromUrl(url),
          entities: [Tenant, ...((options.entities as unknown[]) ?? [])],
          migrations: options.migrations ?? bundledMigrations,
          ...extra,
        } as DataSourceOptions);
        if (tenancy !== false) enableTenancy(ds, tenancy);
        await ds.initialize();
        opened.push(ds);
        return ds;
      };
      const owner = await open(created.url, {});
      // One statement at a time, no transaction around the run (each migration's own shard work is sequential, so 'each' works too).
      await owner.runMigrations({ transaction: 'none' });
      await createApplicationRole(owner, { role: appRole });
      await registerSystemKey(owner, systemKey, 'citus tests');
      const appUrl = withUrl(created.url, { user: appRole });
      const openApp = (tenancy: TenancyOptions | false = { rowLevelSecurity: { systemKey, citus: true } }) => open(appUrl, tenancy);
      db = { url: created.url, appUrl, appRole, systemKey, owner, app: await openApp(), openApp };
    }, 600_000);
    afterAll(async () => {
      for (const ds of opened) if (ds.isInitialized) await ds.destroy();
      await created?.drop();
      if (db) await created?.dropRole(db.appRole);
    }, 120_000);
    body(() => {
      if (!db) throw new Error('the Citus scratch database failed to open');
      return db;
    });
  });
}
