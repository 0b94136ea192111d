import type { DataSource } from 'typeorm';
import { citusDialect } from './citus/citus-dialect';
import { citusProfileOn } from './citus/citus-profile';
import type { Dialect } from './dialect';
import { postgresDialect } from './postgres-dialect';
import { mariadbDialect, mysqlDialect } from './mysql-dialect';

/**
 * The dialect of a connected DataSource. `type: 'postgres'` → PostgreSQL; `type: 'mariadb'` on a
 * server with a native UUID type (>= 10.7) → MariaDB; every other MySQL-family setup → MySQL
 * (portable `CHAR(36)` ids), including `type: 'mysql'` pointed at a MariaDB server. PostgreSQL with
 * the Citus profile on (detected once per DataSource by `detectCitusProfile`, or forced) → the
 * Citus dialect.
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
    return type === 'mariadb' && nativeUuid ? mariadbDialect : mysqlDialect;
  }
  throw new TypeError(`typeorm-tenancy supports postgres, mysql and mariadb DataSources, not '${type}'.`);
}
