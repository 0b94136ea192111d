import type { QueryRunner } from 'typeorm';
import type { CitusCatalog } from '../../dialect/citus/list-citus-tables';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

const FIX = 'distribute the schema with typeorm-tenancy distribute (docs/scale-out.md)';

/**
 * The Citus checks of tables, on a Citus coordinator only: `citus-distribution` per tenant table
 * (distributed by the tenant column: else its rows are not kept together by tenant, and a local
 * tenant table cannot even be joined with the distributed ones), `citus-colocation` (all tenant
 * tables in one co-location group: a tenant's rows of every table on the same node, so joins and
 * in-tenant keys stay on one shard), `citus-reference-tables` (`tenants`, which every tenant table
 * references, and `tenancy_private.system_keys`, which the key check reads on the workers, are
 * reference tables; other global tables are listed, local ones are allowed).
 *
 * @example
 * citusTableChecks(catalog, citus); // [{ check: 'citus-colocation', … }, { check: 'citus-reference-tables', … }, …]
 */
export function citusTableChecks(catalog: DoctorCatalog, citus: CitusCatalog): DoctorCheck[] {
  const column = catalog.tenantColumn;
  const perTable: DoctorCheck[] = catalog.tenantTables.map((table) => {
    const t = citus.tables.get(table);
    const ok = t?.kind === 'distributed' && t.column === column;
    return {
      table,
      check: 'citus-distribution',
      status: ok ? 'pass' : 'fail',
      detail: ok ? `distributed by ${column}` : `${t ? `${t.kind}${t.column ? ` by ${t.column}` : ''}` : 'a local table on the coordinator'}, not distributed by ${column}: ${FIX}`,
    };
  });
  const groups = new Map<number, string[]>();
  for (const table of catalog.tenantTables) {
    const t = citus.tables.get(table);
    if (t?.kind === 'distributed' && t.colocationId !== null) groups.set(t.colocationId, [...(groups.get(t.colocationId) ?? []), table]);
  }
  const sizes = [...groups.values()].sort((a, b) => b.length - a.length);
  const colocation: DoctorCheck = {
    table: null,
    check: 'citus-colocation',
    status: sizes.length <= 1 ? 'pass' : 'fail',
    detail:
      sizes.length <= 1
        ? `${sizes[0]?.length ?? 0} distributed tenant tables in one co-location group`
        : `${sizes.length} co-location groups: ${sizes.slice(1).flat().join(', ')} not with ${sizes[0][0]}; joins and keys between them cross nodes. ` +
          `SELECT update_distributed_table_colocation('<table>', colocate_with => '${sizes[0][0]}') for each`,
  };
  const tenants = citus.tables.get(catalog.tenantTable);
  const missing = [
    tenants?.kind === 'reference' ? '' : `${catalog.tenantTable} is ${tenants?.kind ?? 'local'} (every tenant table references it): SELECT create_reference_table('${catalog.tenantTable}')`,
    citus.systemKeys.kind === 'reference'
      ? ''
      : `tenancy_private.system_keys is ${citus.systemKeys.kind}: the key check runs on the workers and cannot read it there, so system work sees no row; SELECT create_reference_table('tenancy_private.system_keys')`,
  ].filter(Boolean);
  const globals = catalog.tables.filter((t) => t !== catalog.tenantTable && !catalog.tenantTables.includes(t));
  const reference = globals.filter((t) => citus.tables.get(t)?.kind === 'reference');
  const local = globals.filter((t) => !citus.tables.has(t));
  const references: DoctorCheck = {
    table: null,
    check: 'citus-reference-tables',
    status: missing.length ? 'fail' : 'pass',
    detail: missing.length
      ? missing.join('; ')
      : `${catalog.tenantTable} and tenancy_private.system_keys are reference tables; global: ${reference.length} reference${local.length ? `, ${local.length} on the coordinator only (${local.join(', ')}: not joinable with tenant tables)` : ''}`,
  };
  return [colocation, references, ...perTable];
}

/** What {@link citusWallProbe} needs to know about the settings the doctor's statements carry. */
export interface CitusProbeSettings {
  /** The DataSource's session layer sends the wall's settings itself: `citus` its form, or `false` none. */
  sessionLayer: 'citus' | 'default' | false;
  /** Without a session layer: the key the doctor sends in the Citus form for the probe. */
  systemKey?: string;
}

/**
 * `citus-wall-settings`: the wall's settings reach the workers. A statement on a shard of a tenant
 * table, run as `tenancy_system` with the system key in the Citus form (the session layer's, or the
 * doctor's own `SET LOCAL`s behind a savepoint), must see a row and read back the role and a
 * non-empty key setting on the worker (the key itself is never read). Fails for a DataSource whose
 * session layer sends the default form (Citus forwards no `set_config`: every tenant statement
 * would see no row), and when a worker refuses the wall role (NOLOGIN: run app-role). Skips
 * without a key, or when no tenant table has a row to read.
 *
 * @example
 * await citusWallProbe(runner, catalog, citus, { sessionLayer: false, systemKey: process.env.TENANCY_SYSTEM_KEY });
 */
export async function citusWallProbe(runner: QueryRunner, catalog: DoctorCatalog, citus: CitusCatalog, settings: CitusProbeSettings): Promise<DoctorCheck> {
  const result = (status: DoctorCheck['status'], detail: string): DoctorCheck => ({ table: null, check: 'citus-wall-settings', status, detail });
  if (settings.sessionLayer === 'default') {
    return result('fail', "the DataSource sends the wall's settings with set_config(), which Citus never forwards to the workers: every tenant statement would see no row. Use enableTenancy(ds, { rowLevelSecurity: { citus: true, … } })");
  }
  if (settings.sessionLayer === false && !settings.systemKey) return result('skip', 'set TENANCY_SYSTEM_KEY (or the systemKey option) so the doctor can read a shard as tenancy_system');
  const tables = catalog.tenantTables.filter((t) => citus.tables.get(t)?.kind === 'distributed');
  if (tables.length === 0) return result('skip', 'no distributed tenant table to read');
  await runner.query('SAVEPOINT doctor_citus_probe');
  try {
    if (settings.sessionLayer === false) {
      const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
      for (const sql of ["SET LOCAL citus.propagate_set_commands = 'local'", 'SET LOCAL role tenancy_system', "SET LOCAL app.tenant_id = ''", `SET LOCAL app.tenant_system_key = ${literal(settings.systemKey!)}`]) {
        await runner.query(sql);
      }
    }
    for (const table of tables) {
      const rows: Array<{ role: string; keyed: boolean }> = await runner.query(
        `SELECT current_user::text AS role, coalesce(current_setting('app.tenant_system_key', true), '') <> '' AS keyed FROM ${runner.connection.driver.escape(table)} LIMIT 1`,
      );
      if (rows.length === 0) continue;
      const [row] = rows;
      const ok = row.role === 'tenancy_system' && row.keyed;
      return result(
        ok ? 'pass' : 'fail',
        ok
          ? `read a shard of ${table} on a worker as tenancy_system with the system key: role, tenant and key settings reach the workers`
          : `a shard of ${table} was read as ${row.role}${row.keyed ? '' : ' without the key setting'}: the settings do not reach the workers`,
      );
    }
    return result('skip', `no row visible as tenancy_system in ${tables.length} distributed tables: empty, or the key check fails on the workers (is the key registered?)`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = /not permitted to log in/.test(reason) ? ': the wall roles must be LOGIN roles on Citus (run typeorm-tenancy app-role again)' : '';
    return result('fail', `a statement on a shard failed (${reason})${fix}`);
  } finally {
    await runner.query('ROLLBACK TO SAVEPOINT doctor_citus_probe');
  }
}
