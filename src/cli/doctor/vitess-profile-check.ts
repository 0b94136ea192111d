import type { ForeignKeyInfo } from '../../dialect/catalog';
import type { Dialect } from '../../dialect/dialect';
import { vitessProfileOf } from '../../dialect/mysql-dialect';
import { MYSQL_PROFILE_ENV } from '../../dialect/mysql-profile';
import type { TableShape } from '../../schema/table-shape';
import type { DoctorCatalog } from './doctor-catalog';
import type { DoctorCheck } from './doctor-report';

/**
 * The row the doctor shows on every database of the Vitess profile, word for word.
 *
 * @example
 * report.checks.some((c) => c.check === 'vitess-profile' && c.detail.startsWith(VITESS_PROFILE_LINE));
 */
export const VITESS_PROFILE_LINE = 'scope layer is the only wall (no foreign keys, no triggers: Vitess profile)';

/**
 * Whether a run is on the Vitess profile: declared (this process) and/or seen (the catalog).
 *
 * @example
 * const state: VitessProfileState = { declared: true, seen: true };
 */
export interface VitessProfileState {
  /** `TYPEORM_TENANCY_MYSQL_PROFILE=vitess` in the doctor's process (its dialect has the profile). */
  declared: boolean;
  /** MySQL family, tenant tables present, and none of them (nor the tenants table) has a foreign key or a trigger. */
  seen: boolean;
}

/**
 * Reads the profile of a run: declared by the dialect, seen in the catalog (a database migrated
 * with the profile has tenant tables without a single foreign key or trigger; the single-server
 * schema has at least the `tenant_id → tenants` key on every one).
 *
 * @example
 * vitessProfileState(catalog, dialectOf(dataSource)); // { declared: true, seen: true }
 */
export function vitessProfileState(catalog: DoctorCatalog, d: Dialect): VitessProfileState {
  const declared = d.profile === 'vitess';
  const tables = new Set([...catalog.tenantTables, catalog.tenantTable]);
  const seen =
    d.family === 'mysql' &&
    catalog.tenantTables.length > 0 &&
    !catalog.foreignKeys.some((f) => tables.has(f.table)) &&
    !catalog.triggers.some((t) => tables.has(t.table));
  return { declared, seen };
}

/**
 * The dialect the doctor compares shapes in: with the profile whenever the catalog shows it, so
 * `schema-drift` does not count the keys and triggers the profile leaves out as missing.
 *
 * @example
 * const shapesIn = doctorDialect(vitessProfileState(catalog, d), d);
 */
export function doctorDialect(state: VitessProfileState, d: Dialect): Dialect {
  return state.seen && !state.declared ? vitessProfileOf(d) : d;
}

/**
 * The database-wide `vitess-profile` row, or null on any other database (single-server output stays
 * as it was). `warn` (shown, not failing) when the profile is declared and seen; `fail` when only
 * one of them holds: a database without keys served by a process without the reference guard, or
 * the profile declared on a database that has keys.
 *
 * @example
 * vitessProfileCheck({ declared: true, seen: true }, catalog)?.detail; // 'scope layer is the only wall (…)'
 */
export function vitessProfileCheck(state: VitessProfileState, catalog: DoctorCatalog): DoctorCheck | null {
  const row = (status: DoctorCheck['status'], detail: string): DoctorCheck => ({ table: null, check: 'vitess-profile', status, detail });
  if (state.declared && state.seen) {
    return row(
      'warn',
      `${VITESS_PROFILE_LINE}: ${catalog.tenantTables.length} tenant tables without keys; the scope layer stamps the tenant, scopes every statement and ` +
        "its reference guard checks every in-tenant reference of the bundled definitions; raw SQL and writes by other clients are not checked by anything, and deleting a tenant or a parent deletes nothing (see orphan-rows)",
    );
  }
  if (state.seen) {
    return row(
      'fail',
      `${VITESS_PROFILE_LINE}, but ${MYSQL_PROFILE_ENV} is not 'vitess' here: a process started like this has no reference guard, and nothing refuses a reference to another tenant's row; ` +
        `set ${MYSQL_PROFILE_ENV}=vitess wherever the application, the migrations and the doctor run`,
    );
  }
  if (!state.declared) return null;
  if (catalog.tenantTables.length === 0) return row('pass', `${MYSQL_PROFILE_ENV}=vitess; no tenant tables yet (run the migrations with it set)`);
  const keyed = new Set([...catalog.foreignKeys.map((f) => f.table), ...catalog.triggers.map((t) => t.table)].filter((t) => catalog.tenantTables.includes(t) || t === catalog.tenantTable));
  return row(
    'fail',
    `${MYSQL_PROFILE_ENV}=vitess, but ${keyed.size} tenant table${keyed.size === 1 ? ' has' : 's have'} foreign keys or triggers (${[...keyed].sort().slice(0, 8).join(', ')}${keyed.size > 8 ? ', …' : ''}): ` +
      'this database was migrated without the profile, and sharded Vitess refuses foreign keys (PlanetScale also triggers); migrate a new database with it set',
  );
}

/**
 * The catalog `orphan-rows` counts against on the profile: the keys the definitions would have
 * (their `unenforcedKeys`) as if they existed, each one-column optional key as its in-tenant pair,
 * so a child whose parent (of the same tenant) is gone is counted like on a keyed database.
 *
 * @example
 * await orphanRowsCheck(runner, d, withDefinedKeys(catalog, shapes), 'sessions');
 */
export function withDefinedKeys(catalog: DoctorCatalog, shapes: Iterable<TableShape>): DoctorCatalog {
  const keys: ForeignKeyInfo[] = [];
  for (const shape of shapes) {
    if (!shape.tenantColumn) continue;
    for (const key of shape.unenforcedKeys ?? []) {
      if (key.refTable === catalog.tenantTable) continue;
      const pair = key.columns.includes(shape.tenantColumn) ? key : { ...key, columns: [shape.tenantColumn, ...key.columns], refColumns: [catalog.tenantColumn, ...key.refColumns] };
      keys.push({ table: shape.name, name: key.name, columns: pair.columns, refTable: key.refTable, refColumns: pair.refColumns, onDelete: key.onDelete, onUpdate: 'NO ACTION', definition: '' });
    }
  }
  return { ...catalog, foreignKeys: [...catalog.foreignKeys, ...keys] };
}

/**
 * The per-table rows on the profile: `tenant-foreign-key` and `in-tenant-references` say what holds
 * instead of failing for keys the profile leaves out; an `orphan-rows` failure (possible here by
 * deleting a parent, nothing cascades) becomes a warning that says so. Other rows are unchanged.
 *
 * @example
 * checks = adaptToVitessProfile(checks, shapes);
 */
export function adaptToVitessProfile(checks: DoctorCheck[], shapes: ReadonlyMap<string, TableShape>): DoctorCheck[] {
  return checks.map((c): DoctorCheck => {
    if (c.table === null) return c;
    const shape = shapes.get(c.table);
    const references = (shape?.unenforcedKeys ?? []).filter((k) => k.columns.some((col) => col !== shape!.tenantColumn));
    if (c.check === 'tenant-foreign-key') {
      return { ...c, status: 'pass', detail: `no foreign key (Vitess profile): the scope layer stamps ${shape?.tenantColumn ?? 'the tenant column'}; deleting a tenant does not delete its rows` };
    }
    if (c.check === 'in-tenant-references') {
      if (!shape) return { ...c, status: 'warn', detail: 'no keys (Vitess profile) and not a table of the definitions: nothing checks its references (the reference guard knows @DefinedEntity definitions only)' };
      return {
        ...c,
        status: 'pass',
        detail: references.length
          ? `${references.length} reference${references.length === 1 ? '' : 's'} without keys (Vitess profile), checked by the scope layer's reference guard only (${references.map((k) => k.name).join(', ')})`
          : 'no references to other tenant tables',
      };
    }
    if (c.check === 'orphan-rows' && c.status === 'fail') {
      return { ...c, status: 'warn', detail: `${c.detail.replace(/: written with checks off.*$/, '')}: nothing cascades on the Vitess profile; delete the children before their parent (or the tenant), or repair them` };
    }
    return c;
  });
}
