import { mkdirSync } from 'node:fs';
import { loadPglite } from './load-pglite';

/** A running embedded PostgreSQL (PGlite) reachable over TCP by TypeORM's normal `postgres` driver. */
export interface EmbeddedPostgres {
  readonly host: string;
  readonly port: number;
  /** Stops the socket server and closes the database (flushes it to `dataDir`). */
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL in WebAssembly) and serves it on 127.0.0.1 on a free port. PGlite is a
 * single session: connect with a pool of exactly one connection (`extra: { max: 1 }`).
 * Needs the optional peer dependencies `@electric-sql/pglite` and `@electric-sql/pglite-socket`.
 *
 * @param dataDir where the database persists; omit for an in-memory database.
 * @param maxConnections clients served at once. PGlite runs one session, so only raise it for
 *   clients that never overlap (e.g. a second DataSource used one after the other in a test).
 * @param options.username the role the session runs as (default the superuser `postgres`); it must
 *   already exist in `dataDir`, e.g. the application role, so the session is subject to row-level
 *   security. Every client of the socket shares this one session.
 * @throws EmbeddedDatabaseMissingError (`EMBEDDED_DATABASE_MISSING`) when those packages are not
 *   installed; the message says what to install, or to use a database URL.
 * @example
 * const pg = await startEmbeddedPostgres('./.data/pglite');
 * const ds = new DataSource({ type: 'postgres', host: pg.host, port: pg.port, username: 'postgres',
 *   database: 'postgres', extra: { max: 1 } });
 */
export async function startEmbeddedPostgres(
  dataDir?: string,
  maxConnections = 1,
  options: { username?: string } = {},
): Promise<EmbeddedPostgres> {
  // Loaded here, not on import: PGlite is an optional peer dependency, only needed without a server.
  const { PGlite, PGLiteSocketServer } = loadPglite();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(options.username ? { username: options.username } : {}) });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
