import { DataSource, type DataSourceOptions } from 'typeorm';
import { bundledEntities } from '../entities';
import { bundledMigrations } from '../migrations';
import { enableTenancy } from '../scopes/enable-tenancy';
import { startEmbeddedPostgres } from './embedded-postgres';
import { embeddedSystemKey } from './embedded-system-key';

/** Options of {@link createDataSource}. */
export interface CreateDataSourceOptions {
  /** `postgres://`, `postgresql://`, `mysql://` or `mariadb://`. Default: `DATABASE_URL`, else embedded. */
  url?: string;
  /** Where the embedded PostgreSQL persists when there is no URL. Default `./.data/pglite`. */
  dataDir?: string;
  /** Entities; default the bundled ones. */
  entities?: DataSourceOptions['entities'];
  /** Migrations; default the bundled ones. */
  migrations?: DataSourceOptions['migrations'];
  /**
   * Role the embedded session runs as: default its superuser `postgres` (the owner, for
   * migrations); {@link EMBEDDED_APP_ROLE} once `npm start` has created it. Ignored with a URL.
   */
  embeddedRole?: string;
}

/** The application role `npm start` creates in the embedded database (not owner, no BYPASSRLS). */
export const EMBEDDED_APP_ROLE = 'tenancy_app';

/**
 * Connection options for a database URL. `mysql://` uses TypeORM's `mysql` driver (portable
 * `CHAR(36)` ids, works on MySQL 8 and MariaDB); `mariadb://` uses `mariadb` (native `UUID`).
 * MySQL-family connections store instants in UTC.
 *
 * @example
 * connectionOptionsFromUrl('mysql://root@127.0.0.1:3306/test'); // { type: 'mysql', host: … }
 */
export function connectionOptionsFromUrl(url: string): DataSourceOptions {
  const u = new URL(url);
  const common = {
    host: u.hostname,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
  switch (u.protocol) {
    case 'postgres:':
    case 'postgresql:':
      return { type: 'postgres', ...common, port: Number(u.port || 5432) };
    case 'mysql:':
    case 'mariadb:':
      return {
        type: u.protocol === 'mysql:' ? 'mysql' : 'mariadb',
        ...common,
        port: Number(u.port || 3306),
        timezone: 'Z',
        charset: 'utf8mb4_unicode_ci',
      };
    default:
      throw new TypeError(`Unsupported database URL scheme '${u.protocol}'; use postgres://, mysql:// or mariadb://.`);
  }
}

/**
 * A tenancy-enabled DataSource (not yet initialized) for a URL, or for an embedded PostgreSQL
 * under `./.data` when there is none; `destroy()` also stops the embedded server. On PostgreSQL
 * the system key comes from `TENANCY_SYSTEM_KEY` (embedded: the key `npm start` keeps next to the
 * data directory).
 *
 * @example
 * const ds = await createDataSource();            // DATABASE_URL, or embedded
 * await ds.initialize(); await ds.runMigrations();
 */
export async function createDataSource(options: CreateDataSourceOptions = {}): Promise<DataSource> {
  const url = options.url || process.env.DATABASE_URL;
  const dataDir = options.dataDir ?? './.data/pglite';
  const embedded = url ? undefined : await startEmbeddedPostgres(dataDir, 1, { username: options.embeddedRole });
  const connection: DataSourceOptions = embedded
    ? { type: 'postgres', host: embedded.host, port: embedded.port, username: 'postgres', database: 'postgres', extra: { max: 1 } }
    : connectionOptionsFromUrl(url as string);
  const dataSource = new DataSource({
    ...connection,
    entities: options.entities ?? bundledEntities,
    migrations: options.migrations ?? bundledMigrations,
    migrationsTransactionMode: 'each',
  } as DataSourceOptions);
  // The system key lets withoutTenantScope through the row-level-security policies (PostgreSQL).
  const systemKey = embedded ? embeddedSystemKey(dataDir) : process.env.TENANCY_SYSTEM_KEY || undefined;
  enableTenancy(dataSource, connection.type === 'postgres' && systemKey ? { rowLevelSecurity: { systemKey } } : {});
  if (embedded) {
    const destroy = dataSource.destroy.bind(dataSource);
    Object.assign(dataSource, {
      destroy: async () => {
        if (dataSource.isInitialized) await destroy();
        await embedded.stop();
      },
    });
  }
  return dataSource;
}
