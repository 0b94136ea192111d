import type { DataSource } from 'typeorm';
import { openCommandDataSource } from '../command-data-source';
import { connectionOptionsFromUrl } from '../data-source-from-url';

/**
 * Where `migrate`, `revert` and `rehearse` get their DataSource.
 *
 * @example
 * const options: MigrationDataSourceOptions = { dataSourceFile: 'ormconfig.ts', url: process.env.SCRATCH_URL };
 */
export interface MigrationDataSourceOptions {
  /** The application's DataSource file (`-d`), whose migrations run. */
  dataSourceFile?: string;
  /** A database URL: alone, the bundled migrations on it; with `dataSourceFile`, the database that file must connect to. */
  url?: string;
}

/** Host, port and database a DataSource's options name, to compare with a URL's. */
function placeOf(options: Record<string, unknown>): string {
  if (typeof options.url === 'string') return placeOf(connectionOptionsFromUrl(options.url) as unknown as Record<string, unknown>);
  return `${String(options.host ?? '')}:${String(options.port ?? '')}/${String(options.database ?? '')}`;
}

/**
 * The DataSource a migration command works on (not initialized). With `-d` and `--url` together
 * the file is loaded with `DATABASE_URL` set to the URL, and must then point at that database
 * (host, port and database compared), else it is refused: `rehearse` drops what it created, and
 * must never do so on another database than the one named. `synchronize`, `dropSchema` and
 * `migrationsRun` of the file are turned off: `initialize()` would otherwise change the schema
 * before a dry run could look at it.
 *
 * @example
 * const ds = await openMigrationDataSource({ dataSourceFile: 'ormconfig.ts', url: 'postgres://…/scratch' });
 */
export async function openMigrationDataSource(options: MigrationDataSourceOptions): Promise<DataSource> {
  const { dataSourceFile, url } = options;
  const saved = process.env.DATABASE_URL;
  if (dataSourceFile && url) process.env.DATABASE_URL = url;
  let dataSource: DataSource;
  try {
    dataSource = await openCommandDataSource({ dataSourceFile, url });
  } finally {
    if (dataSourceFile && url) {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }
  if (dataSourceFile && url) {
    const wanted = placeOf(connectionOptionsFromUrl(url) as unknown as Record<string, unknown>);
    const got = placeOf(dataSource.options as unknown as Record<string, unknown>);
    if (wanted !== got) {
      throw new Error(
        `the DataSource of ${dataSourceFile} connects to ${got}, not to --url (${wanted}). Make the file read DATABASE_URL ` +
          '(it is set to --url while the file loads), or leave --url out.',
      );
    }
  }
  dataSource.setOptions({ synchronize: false, dropSchema: false, migrationsRun: false });
  return dataSource;
}
