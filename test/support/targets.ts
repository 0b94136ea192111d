/**
 * The databases every integration test runs on. The MySQL family is tested twice on the MariaDB
 * server: `type: 'mysql'` (portable CHAR(36) ids, what MySQL 8 gets) and `type: 'mariadb'` (native UUID).
 */
export type TargetName = 'postgres' | 'pglite' | 'mariadb' | 'mysql';

export interface Target {
  readonly name: TargetName;
  readonly family: 'postgres' | 'mysql';
  /** Server URL (not for pglite, which is embedded). */
  readonly url?: string;
}

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export const TARGETS: readonly Target[] = [
  { name: 'postgres', family: 'postgres', url: PG_URL },
  { name: 'pglite', family: 'postgres' },
  { name: 'mariadb', family: 'mysql', url: MYSQL_URL },
  { name: 'mysql', family: 'mysql', url: MYSQL_URL },
];

/** Set by global-setup: comma-separated servers that did not answer, and `pgbouncer` if it did not start (only ever non-empty outside CI). */
export const UNAVAILABLE_ENV = 'TENANCY_TEST_UNAVAILABLE';

export function isAvailable(target: Target): boolean {
  const down = (process.env[UNAVAILABLE_ENV] ?? '').split(',');
  return !down.includes(target.family);
}
