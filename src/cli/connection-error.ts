import type { DataSource } from 'typeorm';
import { detectCitusProfile } from '../dialect/citus/citus-profile';

/** The driver's code of an error: SQLSTATE (pg) or the symbolic code (mysql2). */
const codeOf = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
};

const shell = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The command that creates the database a URL names, connecting with the same user and server
 * (PostgreSQL: to its `postgres` database; psql or mysql prompts for a password when one is needed).
 *
 * @example
 * createDatabaseCommand('postgres://owner@db:5432/app');
 * // psql 'postgres://owner@db:5432/postgres' -c 'CREATE DATABASE "app"'
 */
export function createDatabaseCommand(url: string): string {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (u.protocol.startsWith('postgres')) {
    const admin = new URL(url);
    admin.password = '';
    admin.pathname = '/postgres';
    return `psql ${shell(admin.toString())} -c ${shell(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)}`;
  }
  const user = decodeURIComponent(u.username) || 'root';
  return (
    `mysql -h ${u.hostname} -P ${u.port || 3306} -u ${shell(user)}${u.password ? ' -p' : ''} ` +
    `-e ${shell(`CREATE DATABASE \`${database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)}`
  );
}

/**
 * The error to show when connecting failed: the driver's own, and when the database does not
 * exist (PostgreSQL `3D000`, MySQL/MariaDB `ER_BAD_DB_ERROR`) the command that creates it.
 *
 * @example
 * await dataSource.initialize().catch((e) => { throw explainConnectionError(e, url); });
 */
export function explainConnectionError(error: unknown, url: string | undefined): unknown {
  const code = codeOf(error);
  if (!url || !(error instanceof Error) || (code !== '3D000' && code !== 'ER_BAD_DB_ERROR')) return error;
  return new Error(
    `${error.message}: create the database first, e.g. ${createDatabaseCommand(url)} ` +
      `(a dedicated owner role and database from scratch: docs/security.md, "The owner role and database")`,
    { cause: error },
  );
}

/**
 * Initializes `dataSource`, runs `fn`, and always closes it again, without letting the close hide
 * why it failed: `destroy()` of a DataSource that never connected throws "Cannot execute operation
 * because connection is not yet established.", which used to replace the real connection error.
 * An embedded DataSource's `destroy()` also stops PGlite, so it runs even when connecting failed.
 *
 * @example
 * const report = await usingDataSource(ds, process.env.DATABASE_URL, () => runDoctor(ds));
 */
export async function usingDataSource<T>(dataSource: DataSource, url: string | undefined, fn: () => Promise<T>): Promise<T> {
  let failed = false;
  try {
    try {
      await dataSource.initialize();
    } catch (error) {
      throw explainConnectionError(error, url);
    }
    // Every command compares with the schema profile of this database (Citus or one server).
    await detectCitusProfile(dataSource);
    return await fn();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    try {
      await dataSource.destroy();
    } catch (error) {
      if (!failed) throw error; // the first error is the one to show
    }
  }
}
