/**
 * A database to open scratch databases on. `pglite` is embedded (no server); the others name a
 * server by `url` (any database on it: scratch databases are created beside it).
 *
 * @example
 * const target: TestTarget = { name: 'mariadb', family: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' };
 */
export interface TestTarget {
  readonly name: 'postgres' | 'pglite' | 'mariadb' | 'mysql';
  readonly family: 'postgres' | 'mysql';
  /** Server URL (not for pglite). */
  readonly url?: string;
}

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/mysql';

/**
 * Turns what `openTestDatabase` accepts into a {@link TestTarget}: a target; `'pglite'`; a target
 * name (`'postgres'` uses `TEST_PG_URL`, `'mysql'`/`'mariadb'` use `TEST_MYSQL_URL`, defaulting to
 * the local servers as `postgres` / `root`); or a URL (`postgres://`, `postgresql://`, `mysql://` →
 * TypeORM's `mysql` driver, `mariadb://` → `mariadb`).
 *
 * @throws TypeError for anything else.
 * @example
 * testTarget('mariadb://root@127.0.0.1:3306/test'); // { name: 'mariadb', family: 'mysql', url: 'mysql://root@…/test' }
 */
export function testTarget(target: TestTarget | string): TestTarget {
  if (typeof target === 'object' && target !== null) return target;
  const pg = process.env.TEST_PG_URL ?? DEFAULT_PG_URL;
  const my = process.env.TEST_MYSQL_URL ?? DEFAULT_MYSQL_URL;
  switch (target) {
    case 'pglite':
      return { name: 'pglite', family: 'postgres' };
    case 'postgres':
      return { name: 'postgres', family: 'postgres', url: pg };
    case 'mysql':
    case 'mariadb':
      return { name: target, family: 'mysql', url: my };
  }
  const scheme = /^([a-z]+):\/\//.exec(String(target))?.[1];
  if (scheme === 'postgres' || scheme === 'postgresql') return { name: 'postgres', family: 'postgres', url: target };
  if (scheme === 'mysql' || scheme === 'mariadb') return { name: scheme, family: 'mysql', url: target.replace(/^mariadb:/, 'mysql:') };
  throw new TypeError(`openTestDatabase: expected 'pglite', 'postgres', 'mysql', 'mariadb' or a postgres://, mysql:// or mariadb:// URL, not ${JSON.stringify(String(target).replace(/\/\/[^@/]*@/, '//…@'))}.`);
}
