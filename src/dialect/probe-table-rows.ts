import type { QueryRunner } from 'typeorm';
import { catalogQuery, familyOf } from './catalog/catalog-source';
import { dialectOf } from './dialect-of';

/**
 * A table to look into: in the current schema, or in `schema`.
 *
 * @example
 * const keys: ProbedTable = { schema: 'tenancy_private', name: 'system_keys' };
 */
export interface ProbedTable {
  name: string;
  /** Schema (PostgreSQL) or database (MySQL family); default the current one. */
  schema?: string;
}

/**
 * Rows whose `column` is one of `values` are not counted (e.g. the seed rows a migration inserted itself).
 *
 * @example
 * const seed: IgnoredRows = { column: 'alpha2', values: ['CH', 'DE'] };
 */
export interface IgnoredRows {
  column: string;
  values: readonly unknown[];
}

/**
 * What {@link probeTableRows} found: a true row count (`atLeast` when counting stopped at the cap),
 * or `uncountableAs`: the role that row-level security filters, so no count it makes is true.
 *
 * @example
 * if ('uncountableAs' in probe) fail(probe.uncountableAs); else if (probe.rows > 0) refuse(probe.rows);
 */
export type TableRowsProbe = { rows: number; atLeast: boolean } | { uncountableAs: string };

/**
 * Counting stops after this many rows: enough for the message, cheap on a big table.
 *
 * @example
 * probe.atLeast; // true when the table holds more than ROW_COUNT_CAP rows (probe.rows === ROW_COUNT_CAP)
 */
export const ROW_COUNT_CAP = 1000;

/**
 * Counts a table's rows as the whole table holds them, past row-level security, for a guard
 * before a DROP. Run it inside a transaction (PostgreSQL: it locks the table and may change the
 * table's RLS setting until the statement after it; both end with that transaction). A missing
 * table counts 0 rows (the DROP reports it).
 *
 * PostgreSQL: the table is locked ACCESS EXCLUSIVE first (the DROP takes that lock anyway), so no
 * row can arrive between the count and the drop. Then, from the catalog: a superuser or BYPASSRLS
 * role, a table without RLS, or its owner without FORCE sees every row and counts plainly. The
 * owner under FORCE ROW LEVEL SECURITY (every bundled tenant table) would count 0; for it the
 * table gets `NO FORCE ROW LEVEL SECURITY` for the count and `FORCE` right after, in the same
 * transaction. That rather than a one-time system key (insert a key hash into
 * `tenancy_private.system_keys`, set `app.tenant_system_key`, SET ROLE `tenancy_system`, delete the
 * key) because it needs only what the DROP needs anyway (ownership); it bypasses every policy, so
 * it is as true for users' own tables with other policies or tenant columns (`tenants` uses `id`)
 * as for the bundled ones; it needs no membership in `tenancy_system` (which migration 0099 may
 * only have warned about) and no role switch (which would make the DROP fail as a non-owner); and it
 * never writes a valid key anywhere, so a commit at the wrong moment cannot leave one behind. No
 * other session sees the table without FORCE: ALTER TABLE holds ACCESS EXCLUSIVE until the
 * transaction ends, and a rollback (a refusal inside TypeORM's migration transaction) undoes it as
 * well. Any other role (not owner, RLS applies) gets `uncountableAs`: the caller fails closed.
 *
 * MySQL family: no row-level security, a plain count is true.
 *
 * @example
 * await queryRunner.startTransaction();
 * const probe = await probeTableRows(queryRunner, { name: 'tenants' }); // { rows: 3, atLeast: false }
 */
export async function probeTableRows(runner: QueryRunner, table: ProbedTable, ignore?: IgnoredRows): Promise<TableRowsProbe> {
  const d = dialectOf(runner.connection);
  const target = table.schema ? `${d.quote(table.schema)}.${d.quote(table.name)}` : d.quote(table.name);
  const count = () => countRows(runner, target, ignore);
  if (familyOf(runner) === 'mysql') {
    const [found] = await catalogQuery(
      runner,
      'SELECT 1 AS found FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?',
      [table.schema ?? null, table.name],
    );
    return found ? count() : { rows: 0, atLeast: false };
  }
  const [{ found }] = await catalogQuery(runner, 'SELECT to_regclass($1) IS NOT NULL AS found', [target]);
  if (!found) return { rows: 0, atLeast: false };
  await runner.query(`LOCK TABLE ${target} IN ACCESS EXCLUSIVE MODE`);
  const [state] = await catalogQuery(
    runner,
    `SELECT c.relrowsecurity AS rls, c.relforcerowsecurity AS forced, r.rolsuper OR r.rolbypassrls AS bypass,
            pg_has_role(current_user, c.relowner, 'USAGE') AS owner, current_user AS role
     FROM pg_class c CROSS JOIN pg_roles r WHERE c.oid = to_regclass($1) AND r.rolname = current_user`,
    [target],
  );
  if (!state.rls || state.bypass || (state.owner && !state.forced)) return count();
  if (!state.owner) return { uncountableAs: String(state.role) };
  await runner.query(`ALTER TABLE ${target} NO FORCE ROW LEVEL SECURITY`);
  // Should the count fail, the transaction is aborted and its rollback restores FORCE.
  const rows = await count();
  await runner.query(`ALTER TABLE ${target} FORCE ROW LEVEL SECURITY`);
  return rows;
}

async function countRows(runner: QueryRunner, target: string, ignore?: IgnoredRows): Promise<{ rows: number; atLeast: boolean }> {
  const d = dialectOf(runner.connection);
  const values = (ignore?.values ?? []).filter((v) => v !== null && v !== undefined);
  const parameters = values.map((_v, i) => runner.connection.driver.createParameter(`ignored${i}`, i));
  const column = ignore ? d.quote(ignore.column) : '';
  // NULL NOT IN (…) is NULL, so a row without the key would slip through uncounted: IS NULL counts it.
  const where = values.length ? ` WHERE ${column} IS NULL OR ${column} NOT IN (${parameters.join(', ')})` : '';
  const [{ n }] = await catalogQuery(
    runner,
    `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM ${target}${where} LIMIT ${ROW_COUNT_CAP + 1}) probe`,
    values,
  );
  const rows = Number(n);
  return rows > ROW_COUNT_CAP ? { rows: ROW_COUNT_CAP, atLeast: true } : { rows, atLeast: false };
}
