import type { DataSource } from 'typeorm';
import { dialectOf } from '../dialect/dialect-of';
import { MYSQL_PROFILE_ENV } from '../dialect/mysql-profile';
import { definitionOf } from '../entities/defined-entity';
import { TenancySetupError } from '../errors';
import { shapeOf } from '../schema/table-shape';

/**
 * The MySQL family without the Vitess profile: refuses to start (inside `initialize()`) when a
 * table of this DataSource's `@DefinedEntity` entities exists without a single foreign key,
 * although its definition declares keys. That is a schema migrated with
 * `TYPEORM_TENANCY_MYSQL_PROFILE=vitess` (or whose keys were dropped): a process started without
 * the variable has no reference guard, so nothing would refuse a reference to another tenant's row.
 * One `information_schema` read at start; nothing on other dialects, on the profile, or when the
 * tables do not exist yet (before the migrations).
 *
 * @throws TenancySetupError (`TENANCY_SETUP_UNSUPPORTED`) naming the tables and the variable to set.
 * @example
 * await refuseUndeclaredVitessSchema(dataSource); // in enableTenancy's initialize hook
 */
export async function refuseUndeclaredVitessSchema(dataSource: DataSource): Promise<void> {
  const d = dialectOf(dataSource);
  if (d.family !== 'mysql' || d.profile === 'vitess') return;
  const keyed = new Set<string>();
  for (const metadata of dataSource.entityMetadatas) {
    const definition = definitionOf(metadata.target);
    if (definition && shapeOf(definition, d).foreignKeys.length > 0) keyed.add(metadata.tableName);
  }
  if (keyed.size === 0) return;
  const names = [...keyed];
  const rows = (await dataSource.query(
    'SELECT t.TABLE_NAME AS name, (SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS r ' +
      'WHERE r.CONSTRAINT_SCHEMA = t.TABLE_SCHEMA AND r.TABLE_NAME = t.TABLE_NAME) AS n ' +
      `FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN (${names.map(() => '?').join(', ')})`,
    names,
  )) as Array<{ name: string; n: number | string }>;
  const bare = rows.filter((r) => Number(r.n) === 0).map((r) => String(r.name)).sort();
  if (bare.length === 0) return;
  throw new TenancySetupError(
    `${bare.length} table${bare.length === 1 ? '' : 's'} without any of the foreign keys their definitions declare (${bare.slice(0, 5).join(', ')}${bare.length > 5 ? ', …' : ''}), ` +
      `with ${MYSQL_PROFILE_ENV} not set to vitess`,
    `This looks like a schema migrated with ${MYSQL_PROFILE_ENV}=vitess: set it where this process runs, so the scope layer's reference guard ` +
      'checks the references the database does not (without it nothing refuses a reference to another tenant\'s row). On a single server, run the ' +
      'migrations that create the keys instead (typeorm-tenancy doctor shows which). Nothing was run.',
  );
}
