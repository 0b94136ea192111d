import type { DataSource } from 'typeorm';
import { SYSTEM_ROLE, TENANT_ROLE } from '../../src/dialect/postgres-rls';
import { boundSettings, NO_SETTINGS, type StatementSettings } from '../../src/dialect/postgres-session/statement-settings';

/** Whose settings a transaction gets: a tenant, system work with a key, or nobody. */
export type WallScope = { tenantId: string } | { systemKey: string } | null;

/** The settings the session layer sends for `scope` (see settingsOfContext). */
const settingsOf = (scope: WallScope): StatementSettings =>
  scope && 'tenantId' in scope
    ? { role: TENANT_ROLE, tenant: scope.tenantId, key: '' }
    : scope && 'systemKey' in scope
      ? { role: SYSTEM_ROLE, tenant: '', key: scope.systemKey }
      : NO_SETTINGS;

/** Runs raw SQL (TypeORM's `query`, positional `$n` parameters) inside the transaction of {@link inWallScope}. */
export type ScopedQuery = (sql: string, parameters?: unknown[]) => Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Emulates what the session layer does for one transaction, with plain SQL and independent of it:
 * BEGIN, the transaction-local settings of `scope` (role, tenant, key), `fn`, then
 * ROLLBACK (or COMMIT with `commit: true`). Use a DataSource opened with `tenancy: false`, so no
 * settings layer sends statements of its own in between.
 *
 * @example
 * const n = await inWallScope(raw, { tenantId: a }, async (q) => (await q('SELECT count(*)::int AS n FROM notes'))[0].n);
 */
export async function inWallScope<T>(
  dataSource: DataSource,
  scope: WallScope,
  fn: (query: ScopedQuery) => Promise<T>,
  options: { commit?: boolean } = {},
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    const { text, values } = boundSettings(settingsOf(scope));
    await runner.query(text, values);
    const result = await fn((sql, parameters) => runner.query(sql, parameters));
    if (options.commit) await runner.commitTransaction();
    return result;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/**
 * The SQLSTATE of what `fn` rejects with (`undefined` when it resolves), for asserting refusals.
 *
 * @example
 * expect(await sqlStateOf(() => raw.query('CREATE TEMP TABLE t (x int)'))).toBe('42501');
 */
export async function sqlStateOf(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    const e = error as { code?: string; driverError?: { code?: string } };
    return e.driverError?.code ?? e.code ?? 'no code';
  }
}
