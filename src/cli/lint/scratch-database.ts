import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions, type Logger } from 'typeorm';
import { createCitusScratch } from '../../dialect/citus/citus-scratch';
import { isCitus } from '../../dialect/citus/citus-distribution';
import { ddlStatementsOf } from '../../dialect/ddl-statements';
import { dialectOf } from '../../dialect/dialect-of';
import { LintScratchDatabaseError } from '../../errors';
import { startEmbeddedPostgres } from '../embedded-postgres';

/**
 * A scratch database beside the target: an initialized DataSource on it, and how to get rid of it.
 *
 * @example
 * const { dataSource, drop }: ScratchDatabase = await openScratchDatabase(target, false);
 */
export interface ScratchDatabase {
  dataSource: DataSource;
  database: string;
  /** An embedded in-memory PGlite (the target is PGlite, whose socket serves one database only). */
  embedded: boolean;
  /** A Citus database on every node of the target's cluster (the target is a Citus coordinator). */
  citus: boolean;
  /** Destroys the DataSource and drops the database (stops the embedded server). */
  drop(): Promise<void>;
}

/** The lint reports what happens on the scratch database itself (TypeORM logs migrations whatever `logging` says, which would garble --json). */
const SILENT: Logger = { logQuery: () => {}, logQueryError: () => {}, logQuerySlow: () => {}, logSchemaBuild: () => {}, logMigration: () => {}, log: () => {} };

/** Identifier length limits: PostgreSQL 63, the MySQL family 64. */
const MAX_NAME = 63;

/**
 * The scratch database's name: the target's name, `_lint_` and 8 random hex digits (shortened to fit).
 *
 * @example
 * scratchName('shop'); // 'shop_lint_3fa85f64'
 */
export function scratchName(target: string): string {
  const tail = `_lint_${randomBytes(4).toString('hex')}`;
  return `${(target.replace(/[^A-Za-z0-9_]/g, '_') || 'db').slice(0, MAX_NAME - tail.length)}${tail}`;
}

/**
 * The target's options pointed at `database` (a `url` rewritten too) and made inert: no
 * synchronize, schema drop, migrations on connect or subscribers; one connection.
 */
function optionsFor(target: DataSource, place: Partial<DataSourceOptions> & { database: string }): DataSourceOptions {
  const options = { ...target.options } as Record<string, unknown>;
  if (typeof options.url === 'string') {
    const url = new URL(options.url);
    url.pathname = `/${encodeURIComponent(place.database)}`;
    options.url = url.toString();
  }
  return { ...options, ...place, name: undefined, poolSize: 1, synchronize: false, dropSchema: false, migrationsRun: false, subscribers: [], logging: false, logger: SILENT } as unknown as DataSourceOptions;
}

/**
 * Creates an empty database beside the target (same server and dialect, as the target's user,
 * who needs the right to create databases), or — on PGlite, whose socket serves one database —
 * an in-memory PGlite of the same build (`embedded`), or — on a Citus coordinator — a Citus
 * database on every node of its cluster (`citus`), and opens a DataSource on it with the target's options.
 * Whatever fails after the database exists drops it again.
 *
 * @throws LintScratchDatabaseError (`LINT_SCRATCH_DATABASE`) when the database cannot be created or reached.
 *
 * @example
 * const scratch = await openScratchDatabase(target, await ddlStatementsOf(dialectOf(target)).isEmbedded(target));
 * try { await scratch.dataSource.runMigrations(); } finally { await scratch.drop(); }
 */
export async function openScratchDatabase(target: DataSource, embedded: boolean): Promise<ScratchDatabase> {
  const reader = ddlStatementsOf(dialectOf(target));
  if (embedded) {
    const server = await startEmbeddedPostgres(undefined, 1);
    const place = { host: server.host, port: server.port, username: 'postgres', password: undefined, database: 'postgres', url: undefined, ssl: false };
    const dataSource = new DataSource(optionsFor(target, place as Partial<DataSourceOptions> & { database: string }));
    const drop = async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await server.stop();
    };
    await dataSource.initialize().catch(async (error) => {
      await drop();
      throw error;
    });
    return { dataSource, database: 'postgres (embedded, in memory)', embedded: true, citus: false, drop };
  }
  const database = scratchName(String(target.driver.database ?? target.options.database ?? ''));
  // On a Citus coordinator the pending migrations must meet Citus (its profile of the schema, what it refuses).
  const citus = dialectOf(target).name === 'postgres' && (await isCitus(target));
  const dropDatabase = citus
    ? await createCitusScratch(target, database).catch((error) => {
        throw new LintScratchDatabaseError(database, `${error instanceof Error ? error.message : String(error)} (on Citus the scratch database is made on every node, with the extension: lint as a superuser of the cluster)`);
      })
    : await reader.createDatabase(target, database).then(
        () => () => reader.dropDatabase(target, database),
        (error) => {
          throw new LintScratchDatabaseError(database, error instanceof Error ? error.message : String(error));
        },
      );
  const dataSource = new DataSource(optionsFor(target, { database }));
  const drop = async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase();
  };
  await dataSource.initialize().catch(async (error) => {
    await drop();
    throw new LintScratchDatabaseError(database, error instanceof Error ? error.message : String(error));
  });
  return { dataSource, database, embedded: false, citus, drop };
}
