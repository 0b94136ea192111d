import { TenancySetupError } from '../errors';

/**
 * The environment variable that selects the MySQL-family schema profile.
 *
 * @example
 * process.env[MYSQL_PROFILE_ENV] = 'vitess'; // before the DataSource is created
 */
export const MYSQL_PROFILE_ENV = 'TYPEORM_TENANCY_MYSQL_PROFILE';

/**
 * The MySQL-family schema profiles: the single-server default, or sharded MySQL (Vitess / PlanetScale).
 *
 * @example
 * const profile: MysqlProfile = mysqlProfile(); // 'default' unless TYPEORM_TENANCY_MYSQL_PROFILE=vitess
 */
export type MysqlProfile = 'default' | 'vitess';

/**
 * The MySQL-family profile this process runs with, read from `TYPEORM_TENANCY_MYSQL_PROFILE` on
 * every call (unset or empty: `default`; `vitess`: no foreign keys, no triggers, the scope layer's
 * reference guard on). An environment variable because `typeorm migration:run` loads the
 * DataSource file itself: the migrations, `@DefinedEntity` metadata, the guard and the doctor all
 * reach the same choice through `dialectOf` without a code change. Any other value is refused
 * (fail closed: a typo must not silently migrate the single-server schema onto Vitess).
 *
 * @throws TenancySetupError (`TENANCY_SETUP_UNSUPPORTED`) for a value other than default / vitess.
 * @example
 * process.env.TYPEORM_TENANCY_MYSQL_PROFILE = 'vitess';
 * mysqlProfile(); // 'vitess'
 */
export function mysqlProfile(env: NodeJS.ProcessEnv = process.env): MysqlProfile {
  const value = env[MYSQL_PROFILE_ENV]?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'default') return 'default';
  if (value === 'vitess') return 'vitess';
  throw new TenancySetupError(`${MYSQL_PROFILE_ENV}=${JSON.stringify(env[MYSQL_PROFILE_ENV])}`, `Set it to "vitess" (sharded MySQL: no foreign keys, no triggers) or leave it unset (the single-server schema).`);
}
