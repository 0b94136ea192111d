import type { DataSource } from 'typeorm';
import { citusDialect } from './citus/citus-dialect';
import { citusProfileOn } from './citus/citus-profile';
import type { Dialect } from './dialect';
import { postgresDialect } from './postgres-dialect';
import { mariadbDialect, mariadbVitessDialect, mysqlDialect, mysqlVitessDialect } from './mysql-dialect';
import { mysqlProfile } from './mysql-profile';

// The profile is read once per DataSource (its first dialectOf: enableTenancy's metadata, or the
// first migration), so the migrations, the entity metadata and the reference guard agree.
const profiles = new WeakMap<DataSource, boolean>();

/**
 * The dialect of a connected DataSource. `type: 'postgres'` → PostgreSQL; `type: 'mariadb'` on a
 * server with a native UUID type (>= 10.7) → MariaDB; every other MySQL-family setup → MySQL
 * (portable `CHAR(36)` ids), including `type: 'mysql'` pointed at a MariaDB server. PostgreSQL with
 * the Citus profile on (detected once per DataSource by `detectCitusProfile`, or forced) → the
 * Citus dialect. On the MySQL family, `TYPEORM_TENANCY_MYSQL_PROFILE=vitess` gives the same dialect
 * with the Vitess profile (no foreign keys, no triggers; see `mysqlProfile`), read on the
 * DataSource's first call and kept for its life.
 *
 * @example
 * const d = dialectOf(queryRunner.connection);
 * await queryRunner.query(`ALTER TABLE ${d.quote('t')} ADD ${d.quote('x')} ${d.uuidType}`);
 */
export function dialectOf(dataSource: DataSource): Dialect {
  const type = dataSource.driver.options.type;
  if (type === 'postgres') return citusProfileOn(dataSource) ? citusDialect : postgresDialect;
  if (type === 'mariadb' || type === 'mysql') {
    const nativeUuid = (dataSource.driver as unknown as { uuidColumnTypeSuported?: boolean }).uuidColumnTypeSuported;
    let vitess = profiles.get(dataSource);
    if (vitess === undefined) profiles.set(dataSource, (vitess = mysqlProfile() === 'vitess'));
    if (type === 'mariadb' && nativeUuid) return vitess ? mariadbVitessDialect : mariadbDialect;
    return vitess ? mysqlVitessDialect : mysqlDialect;
  }
  throw new TypeError(`typeorm-tenancy supports postgres, mysql and mariadb DataSources, not '${type}'.`);
}
