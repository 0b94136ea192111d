import { randomBytes } from 'node:crypto';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { MYSQL_PROFILE_ENV } from '../../src/dialect/mysql-profile';
import { bundledEntities } from '../../src/entities';
import { bundledMigrations } from '../../src/migrations';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import { MYSQL_URL, type Target } from './targets';

/** A scratch database (`vt_<random>`) migrated with the bundled migrations under the Vitess profile. */
export interface VitessScratch {
  readonly url: string;
  /** With tenancy on (the profile was set when it was built, so its reference guard is on). */
  readonly dataSource: DataSource;
  /** Opens another DataSource on the same database with the profile variable as `profile` says (unset: none). */
  open(profile: string | undefined, tenancy?: boolean): Promise<DataSource>;
  close(): Promise<void>;
}

const admin = async <T>(fn: (ds: DataSource) => Promise<T>): Promise<T> => {
  const ds = new DataSource(connectionOptionsFromUrl(MYSQL_URL) as DataSourceOptions);
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
};

/** Runs `fn` with the profile variable set as given (undefined: unset), then restores it. */
export async function withProfile<T>(profile: string | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = process.env[MYSQL_PROFILE_ENV];
  if (profile === undefined) delete process.env[MYSQL_PROFILE_ENV];
  else process.env[MYSQL_PROFILE_ENV] = profile;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env[MYSQL_PROFILE_ENV];
    else process.env[MYSQL_PROFILE_ENV] = saved;
  }
}

/**
 * Creates `vt_<random>` on the MariaDB server for a MySQL-family target (`type: 'mysql'` or
 * `'mariadb'`), runs every bundled migration with `TYPEORM_TENANCY_MYSQL_PROFILE=vitess` (what
 * `typeorm migration:run` does with the variable set; `profile` 'default': the single-server schema)
 * and keeps a DataSource with tenancy on.
 */
export async function openVitessScratch(target: Target, profile: 'vitess' | 'default' = 'vitess'): Promise<VitessScratch> {
  if (target.family !== 'mysql') throw new TypeError('the Vitess profile is for the MySQL family');
  const name = `vt_${randomBytes(6).toString('hex')}`;
  await admin((ds) => ds.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  const url = MYSQL_URL.replace(/^[a-z]+:/, `${target.name}:`).replace(/\/[^/]*$/, `/${name}`);
  const opened: DataSource[] = [];
  const open = (profile: string | undefined, tenancy = true) =>
    withProfile(profile, async () => {
      const ds = new DataSource({ ...connectionOptionsFromUrl(url), entities: bundledEntities, migrations: bundledMigrations } as DataSourceOptions);
      if (tenancy) enableTenancy(ds);
      await ds.initialize();
      opened.push(ds);
      return ds;
    });
  const close = async () => {
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
    await admin((ds) => ds.query(`DROP DATABASE IF EXISTS ${name}`));
  };
  try {
    const dataSource = await open(profile);
    await withProfile(profile, () => dataSource.runMigrations({ transaction: 'each' }));
    return { url, dataSource, open, close };
  } catch (error) {
    await close();
    throw error;
  }
}
