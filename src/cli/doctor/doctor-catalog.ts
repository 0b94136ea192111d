import type { QueryRunner } from 'typeorm';
import {
  listColumns,
  listConstraints,
  listForeignKeys,
  listIndexes,
  listRowSecurity,
  listTables,
  listTriggers,
  readConnectingRole,
  readSystemAccess,
  type ColumnInfo,
  type ConnectingRole,
  type ConstraintInfo,
  type ForeignKeyInfo,
  type IndexInfo,
  type RowSecurityInfo,
  type SystemAccessInfo,
  type TriggerInfo,
} from '../../dialect/catalog';

/** Everything the checks read, taken once at the start of a run. */
export interface DoctorCatalog {
  tenantColumn: string;
  tenantTable: string;
  /** Every base table. */
  tables: string[];
  /** Base tables with the tenant column (never `tenants` itself), sorted. */
  tenantTables: string[];
  columns: ColumnInfo[];
  indexes: IndexInfo[];
  foreignKeys: ForeignKeyInfo[];
  /** Primary keys, unique and CHECK constraints. */
  constraints: ConstraintInfo[];
  triggers: TriggerInfo[];
  /** Null on the MySQL family (no row-level security). */
  rowSecurity: RowSecurityInfo[] | null;
  role: ConnectingRole | null;
  systemAccess: SystemAccessInfo | null;
}

/**
 * What the connecting role is and may do, read as the login role (before any switch to a wall role).
 *
 * @example
 * const { role, rowSecurity }: DoctorIdentity = await readDoctorIdentity(runner);
 */
export type DoctorIdentity = Pick<DoctorCatalog, 'role' | 'rowSecurity'>;

/**
 * Reads {@link DoctorIdentity}: run it outside `withoutTenantScope`, where the session layer leaves
 * the login role in place (inside, it runs every statement as `tenancy_system`).
 *
 * @example
 * const identity = await withReadOnlyTransaction(dataSource, readDoctorIdentity);
 */
export async function readDoctorIdentity(runner: QueryRunner): Promise<DoctorIdentity> {
  return { role: await readConnectingRole(runner), rowSecurity: await listRowSecurity(runner) };
}

/**
 * Reads the catalog for one doctor run, on the run's read-only connection. `systemKey` is set for
 * that transaction only, so `systemAccess.active` says whether the run sees every tenant's rows.
 * `identity` (from {@link readDoctorIdentity}) replaces the role and ownership read here.
 *
 * @example
 * const catalog = await readDoctorCatalog(runner, { tenantColumn: 'tenant_id', tenantTable: 'tenants' });
 */
export async function readDoctorCatalog(
  runner: QueryRunner,
  options: { tenantColumn: string; tenantTable: string; systemKey?: string; identity?: DoctorIdentity },
): Promise<DoctorCatalog> {
  const tables = (await listTables(runner)).map((t) => t.name);
  const columns = await listColumns(runner);
  const tenantTables = tables.filter((t) => t !== options.tenantTable && columns.some((c) => c.table === t && c.name === options.tenantColumn));
  return {
    tenantColumn: options.tenantColumn,
    tenantTable: options.tenantTable,
    tables,
    tenantTables,
    columns,
    indexes: await listIndexes(runner),
    foreignKeys: await listForeignKeys(runner),
    constraints: await listConstraints(runner),
    triggers: await listTriggers(runner),
    ...(options.identity ?? (await readDoctorIdentity(runner))),
    systemAccess: await readSystemAccess(runner, options.systemKey),
  };
}
