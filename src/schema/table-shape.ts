import type { Dialect } from '../dialect/dialect';
import { resolveColumn, type ColumnShape } from './column-shape';
import { resolveIndexes, type IndexShape } from './index-shape';
import { globalIdColumn, LIVE_KEY_EXPRESSION, liveKeyColumn, tenantColumns, timestampColumns } from './standard-columns';
import { USERS_PHASE, type ColumnSpec, type TableDefinition, type TenantReference } from './table-definition';

export type { ColumnShape } from './column-shape';
export type { IndexShape } from './index-shape';

/** A foreign key of a table shape. */
export interface ForeignKeyShape {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  /** The rule as catalogs report it (`NO ACTION`: an optional reference on Citus). */
  onDelete: 'CASCADE' | 'SET NULL' | 'NO ACTION';
  /** The table constraint, e.g. `CONSTRAINT "fk_x" FOREIGN KEY (…) REFERENCES … ON DELETE CASCADE`. */
  sql: string;
}

/** A CHECK constraint of a table shape (the allowed values of an enum column). */
export interface CheckShape {
  name: string;
  column: string;
  values: readonly string[];
  sql: string;
}

/**
 * One table of a definition, resolved for one dialect: every column (standard ones included) with
 * its SQL type, every key, index, check and trigger under its final name. The DDL of the migrations,
 * the entity metadata of `@DefinedEntity` and the doctor's drift check all read this. Internal.
 */
export interface TableShape {
  name: string;
  comment: string;
  kind: 'tenant' | 'global';
  /** The tenant column of a tenant table, else null. */
  tenantColumn: string | null;
  columns: ColumnShape[];
  primaryKey: string[];
  /** Unique constraints (not indexes): `uq_<table>_tenant_id_id`, which in-tenant references point at. */
  uniqueConstraints: { name: string; columns: string[] }[];
  foreignKeys: ForeignKeyShape[];
  checks: CheckShape[];
  indexes: IndexShape[];
  /** Statements after CREATE TABLE, before the indexes (MySQL-family same-tenant triggers). */
  triggers: string[];
  /** Row-level security statements (PostgreSQL). */
  rowSecurity: string[];
  /**
   * Statements placing the table on a distributed database, after its indexes and policies and
   * before its foreign keys (the Citus profile: `create_distributed_table` / `create_reference_table`);
   * empty on a single server, where the foreign keys are part of CREATE TABLE.
   */
  placement: string[];
}

const fk = (d: Dialect, name: string, columns: string[], refTable: string, refColumns: string[], onDeleteSql: string): string =>
  `CONSTRAINT ${d.quote(name)} FOREIGN KEY (${columns.map(d.quote).join(', ')}) REFERENCES ${d.quote(refTable)} (${refColumns.map(d.quote).join(', ')}) ON DELETE ${onDeleteSql} ON UPDATE NO ACTION`;

function referenceKeys(d: Dialect, def: TableDefinition, tenant: string): { keys: ForeignKeyShape[]; triggers: string[] } {
  const t = def.name;
  const keys: ForeignKeyShape[] = [];
  const triggers: string[] = [];
  const optional = (column: string, parent: string) => {
    const form = d.optionalTenantReference(t, column, parent, tenant);
    const name = `fk_${t}_${column}`;
    keys.push({ name, columns: form.columns, refTable: parent, refColumns: form.refColumns, onDelete: form.onDelete ?? 'SET NULL', sql: fk(d, name, form.columns, parent, form.refColumns, form.onDeleteSql) });
    triggers.push(...form.triggers);
  };
  for (const r of def.references ?? []) {
    if (r.nullable) {
      optional(r.column, r.table);
      continue;
    }
    const name = `fk_${t}_${r.column}`;
    const columns = [tenant, r.column];
    keys.push({ name, columns, refTable: r.table, refColumns: ['tenant_id', 'id'], onDelete: 'CASCADE', sql: fk(d, name, columns, r.table, ['tenant_id', 'id'], 'CASCADE') });
  }
  // The actors are users of the row's own tenant, kept so like any optional in-tenant reference.
  if (def.actorReferences ?? (def.phase !== undefined && def.phase >= USERS_PHASE)) {
    for (const c of ['created_by', 'updated_by']) optional(c, 'users');
  }
  return { keys, triggers };
}

const referenceColumn = (r: TenantReference): ColumnSpec => ({ name: r.column, type: 'uuid', nullable: r.nullable, comment: r.comment });

/**
 * Resolves a table definition for one dialect.
 *
 * @example
 * shapeOf(conferences, postgresDialect).indexes.map((i) => i.name); // ['idx_conferences_venue_id', …]
 */
export function shapeOf(def: TableDefinition, d: Dialect): TableShape {
  const t = def.name;
  const tenant = def.kind === 'tenant' ? (def.tenantColumn ?? 'tenant_id') : null;
  const standard = tenant ? tenantColumns(tenant) : undefined;
  const own = [...(def.references ?? []).map(referenceColumn), ...def.columns];
  const specs = standard
    ? [...standard.before, ...own, ...standard.after]
    : [...(def.primaryKey ? [] : [globalIdColumn]), ...own, ...(def.timestamps === false ? [] : timestampColumns)];
  const live = (def.uniques ?? []).filter((u) => u.whileLive);
  const columns = [
    ...specs.map((c) => resolveColumn(d, c)),
    ...live.map((u) => resolveColumn(d, { name: liveKeyColumn(u.name), type: 'smallint', nullable: true, comment: `1 while the row is live, NULL once soft-deleted: makes ${u.name} unique among live rows` }, LIVE_KEY_EXPRESSION)),
  ];
  const checks = specs
    .filter((c) => c.type === 'enum')
    .map((c): CheckShape => {
      const name = `chk_${t}_${c.name}`;
      return { name, column: c.name, values: c.values!, sql: `CONSTRAINT ${d.quote(name)} CHECK (${d.quote(c.name)} IN (${c.values!.map(d.literal).join(', ')}))` };
    });
  const tenantKey = tenant
    ? [{ name: `fk_${t}_tenant`, columns: [tenant], refTable: 'tenants', refColumns: ['id'], onDelete: 'CASCADE' as const, sql: fk(d, `fk_${t}_tenant`, [tenant], 'tenants', ['id'], 'CASCADE') }]
    : [];
  const references = tenant ? referenceKeys(d, def, tenant) : { keys: [], triggers: [] };
  const isolatedBy = tenant ?? def.isolatedBy;
  return {
    name: t,
    comment: def.comment,
    kind: def.kind,
    tenantColumn: tenant,
    columns,
    // On a distributed database the primary key carries the tenant and is what references point at.
    primaryKey: tenant && d.placement ? d.placement.tenantPrimaryKey(tenant) : (def.primaryKey ?? ['id']),
    uniqueConstraints: tenant && !d.placement ? [{ name: `uq_${t}_tenant_id_id`, columns: [tenant, 'id'] }] : [],
    foreignKeys: [...tenantKey, ...references.keys],
    checks,
    indexes: resolveIndexes(d, def, tenant),
    triggers: references.triggers,
    rowSecurity: isolatedBy ? d.tenantIsolation(t, isolatedBy) : [],
    placement: d.placement ? d.placement.placeTable(t, tenant ? { tenantColumn: tenant } : (def.placement ?? 'reference')) : [],
  };
}
