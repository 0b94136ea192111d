import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Environment variable forcing the Citus profile of the schema: `on` (write the Citus DDL even
 * without the extension, e.g. to print it), `off` (write the single-server DDL even on a Citus
 * coordinator, e.g. before `typeorm-tenancy distribute`). Unset or anything else: detected.
 */
export const CITUS_PROFILE_ENV = 'TYPEORM_TENANCY_CITUS';

/** The one catalog read of the detection: works on every PostgreSQL (PGlite included). */
export const CITUS_EXTENSION_SQL = "SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') AS citus";

const known = new WeakMap<DataSource, boolean>();

const forcedByEnvironment = (): boolean | undefined => {
  const value = process.env[CITUS_PROFILE_ENV]?.trim().toLowerCase();
  return value === 'on' ? true : value === 'off' ? false : undefined;
};

const dataSourceOf = (source: DataSource | QueryRunner): DataSource => ('createQueryRunner' in source ? source : source.connection);

/**
 * Whether the Citus profile is known to be on for `dataSource` (environment first, then what
 * {@link detectCitusProfile} or {@link useCitusProfile} settled); false while unknown. Synchronous,
 * for `dialectOf`.
 *
 * @example
 * citusProfileOn(dataSource); // true after detectCitusProfile found the extension
 */
export function citusProfileOn(dataSource: DataSource): boolean {
  return forcedByEnvironment() ?? known.get(dataSource) ?? false;
}

/**
 * Decides the profile of a DataSource once and remembers it: the environment variable
 * {@link CITUS_PROFILE_ENV} if set, else whether the `citus` extension is installed in the
 * connected database (not PostgreSQL: never). Given a QueryRunner, it reads on that runner's own
 * connection (inside a migration's transaction, and on PGlite's single session) and directly on
 * the driver client, so the read is not one of the migration's recorded statements.
 *
 * @example
 * await detectCitusProfile(queryRunner); // then dialectOf(queryRunner.connection) is the Citus dialect there
 */
export async function detectCitusProfile(source: DataSource | QueryRunner): Promise<boolean> {
  const dataSource = dataSourceOf(source);
  const forced = forcedByEnvironment();
  if (forced !== undefined) return forced;
  const settled = known.get(dataSource);
  if (settled !== undefined) return settled;
  if (dataSource.driver.options.type !== 'postgres' || !dataSource.isInitialized) return false;
  let citus: boolean;
  if ('createQueryRunner' in source) {
    const [row] = (await source.query(CITUS_EXTENSION_SQL)) as Array<{ citus: boolean }>;
    citus = Boolean(row?.citus);
  } else {
    const client = (await source.connect()) as { query(sql: string): Promise<{ rows: Array<{ citus: boolean }> }> };
    citus = Boolean((await client.query(CITUS_EXTENSION_SQL)).rows[0]?.citus);
  }
  known.set(dataSource, citus);
  return citus;
}

/**
 * Sets the profile of one DataSource by hand (`true`: Citus, `false`: single server), before any
 * migration or `initialize()` reads it; the environment variable still wins.
 *
 * @example
 * useCitusProfile(dataSource, false); // migrate a plain schema on a coordinator, distribute later
 */
export function useCitusProfile(dataSource: DataSource, on: boolean): void {
  known.set(dataSource, on);
}
