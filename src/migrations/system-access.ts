import type { QueryRunner } from 'typeorm';
import { dialectOf } from '../dialect/dialect-of';
import {
  enterSystemAccess,
  leaveSystemAccess,
  readSystemAccessStanding,
  SYSTEM_ACCESS_ACTIVE_SQL,
  type SystemAccessStanding,
} from '../dialect/postgres-system-access';
import { SystemAccessUnavailableError, type SystemAccessProblem } from '../errors/system-access-unavailable-error';
import { tenancyConfig } from '../scopes/tenancy-options';
import { withoutTenantScope } from '../tenancy/with-tenant';
import { inTransaction } from './in-transaction';

/**
 * Options of {@link withSystemAccess}.
 *
 * @example
 * await withSystemAccess(qr, fn, { systemKey: process.env.MIGRATION_SYSTEM_KEY, operation: 'backfill notes.slug' });
 */
export interface SystemAccessOptions {
  /**
   * The system key, for a DataSource without the session layer (a plain DataSource, as TypeORM's
   * migration CLI usually loads). Default `process.env.TENANCY_SYSTEM_KEY`. With `enableTenancy`
   * on, the session layer's own `rowLevelSecurity.systemKey` is used and this is ignored.
   */
  systemKey?: string;
  /** Names the work in the error message. Default `withSystemAccess`. */
  operation?: string;
}

type DriverClient = { query(text: string, values: unknown[]): Promise<unknown> };

/**
 * Runs `fn` so that it sees and changes every tenant's rows, for data migrations (backfills) under
 * the PostgreSQL wall, where the table owner matches no policy (`FORCE ROW LEVEL SECURITY`) and a
 * plain `UPDATE` silently changes 0 rows. `fn` also runs inside `withoutTenantScope`, so
 * repositories of tenant-aware entities work in it.
 *
 * - **PostgreSQL, a role that bypasses row-level security** (superuser, BYPASSRLS), or a database
 *   without the wall (migration 0099 not run): `fn` runs as is.
 * - **PostgreSQL, any other role** (the owner, the application role): the system key enters
 *   `tenancy_system` *transaction-locally*, inside the query runner's transaction (the migration's,
 *   with TypeORM's default `transaction: 'all'`/`'each'`), or in one transaction opened here around
 *   `fn` and committed after it when none is active (a migration with `transaction = false`: each
 *   call is then its own transaction, which is how `backfillColumn` commits per batch). Before
 *   `fn`, the key is checked to open the wall (`tenancy_system_access()`); after it, the role is put
 *   back, so DDL later in the same migration runs as the owner again. Inside `fn`, statements run as
 *   `tenancy_system`: DML only, no DDL. The key goes to the server as a bound value straight on the
 *   driver connection, never in SQL text nor through TypeORM's logger. Where it comes from: with
 *   `enableTenancy` on this DataSource, its `rowLevelSecurity.systemKey` (the session layer sends it
 *   per statement); otherwise `options.systemKey`, else `TENANCY_SYSTEM_KEY`.
 * - **MySQL family**: there is no database wall (composite keys and the query-scope layer are it),
 *   so `fn` runs as is (inside `withoutTenantScope`).
 *
 * Nesting is allowed (the inner call finds the role already entered and puts it back as it was).
 *
 * @throws SystemAccessUnavailableError (`SYSTEM_ACCESS_UNAVAILABLE`) before `fn` runs when the key
 *   is missing, is not registered, the session layer has none, or the role cannot enter
 *   `tenancy_system`; the message says how to provide the key. Whatever `fn` throws (a transaction
 *   opened here is rolled back).
 * @example
 * export class BackfillSlugs1767500000000 implements MigrationInterface {
 *   async up(qr: QueryRunner) {
 *     const [, updated] = await withSystemAccess(qr, () => qr.query(`UPDATE notes SET slug = lower(title) WHERE slug IS NULL`));
 *   }
 *   async down() {}
 * }
 */
export async function withSystemAccess<T>(queryRunner: QueryRunner, fn: (queryRunner: QueryRunner) => Promise<T>, options: SystemAccessOptions = {}): Promise<T> {
  const scoped = () => withoutTenantScope(() => fn(queryRunner));
  if (!dialectOf(queryRunner.connection).rowLevelSecurity) return scoped();
  const operation = options.operation ?? 'withSystemAccess';
  const standing = await readSystemAccessStanding(queryRunner);
  if (standing.bypass || !standing.wallInstalled) return scoped();
  const refuse = (problem: SystemAccessProblem) => new SystemAccessUnavailableError(operation, problem, standing.role);
  const layer = tenancyConfig(queryRunner.connection)?.rowLevelSecurity;
  if (layer && !layer.systemKey) throw refuse('layer-without-key');
  const key = layer ? null : (options.systemKey ?? process.env.TENANCY_SYSTEM_KEY) || null;
  if (!layer && !key) throw refuse('key-missing');
  if (!standing.member) throw refuse('not-a-member');
  return inTransaction(queryRunner, () => entered(queryRunner, standing, key, () => refuse('key-unregistered'), scoped));
}

/** Inside the transaction: enter with the key (or let the session layer send its own), check it opens the wall, run, leave. */
async function entered<T>(
  queryRunner: QueryRunner,
  standing: SystemAccessStanding,
  key: string | null,
  unregistered: () => Error,
  run: () => Promise<T>,
): Promise<T> {
  if (key !== null) {
    const { text, values } = enterSystemAccess(key);
    await ((await queryRunner.connect()) as DriverClient).query(text, values);
  }
  const leave = () => queryRunner.query(...leaveSystemAccess(standing.roleSetting));
  const [{ active }] = (await withoutTenantScope(() => queryRunner.query(SYSTEM_ACCESS_ACTIVE_SQL))) as Array<{ active: boolean }>;
  if (!active) {
    await leave();
    throw unregistered();
  }
  let result: T;
  try {
    result = await run();
  } catch (error) {
    // A JavaScript error leaves the caller's transaction usable: put the role back if it takes
    // statements (after an SQL error PostgreSQL refuses them until ROLLBACK, which undoes it anyway).
    await leave().catch(() => undefined);
    throw error;
  }
  await leave();
  return result;
}
