import type { DataSource } from 'typeorm';
import { withReadOnlyTransaction } from '../../dialect/catalog';
import { dialectOf } from '../../dialect/dialect-of';
import { schemaTables, tenantsTable, type TableDefinition } from '../../schema';
import { shapeOf } from '../../schema/table-shape';
import { tenancyConfig } from '../../scopes/tenancy-options';
import { withoutTenantScope } from '../../tenancy/with-tenant';
import { listCitusTables } from '../../dialect/citus/list-citus-tables';
import { bundledTablesCheck } from './bundled-tables-check';
import { citusTableChecks, citusWallProbe } from './citus-checks';
import { explainIndexCheck } from './explain-index-check';
import { guardedCheck } from './guarded-check';
import { orphanRowsCheck } from './orphan-rows-check';
import { readDoctorCatalog, readDoctorIdentity } from './doctor-catalog';
import { summarizeChecks, type DoctorCheck, type DoctorReport } from './doctor-report';
import { invalidIndexesCheck } from './invalid-indexes-check';
import { redundantIndexesCheck } from './redundant-indexes-check';
import { databaseRowSecurityChecks, tableRowSecurityChecks } from './row-security-checks';
import { schemaDriftCheck } from './schema-drift-check';
import { structureChecks } from './structure-checks';
import { adaptToVitessProfile, doctorDialect, vitessProfileCheck, vitessProfileState, withDefinedKeys } from './vitess-profile-check';

/**
 * The definitions `schema-drift` compares with by default: the bundled schema (`tenants` and every
 * table of `schemaTables`). Add your own to check your tables made with the library's builder too.
 *
 * @example
 * await runDoctor(dataSource, { definitions: [...bundledTableDefinitions, notebooks] });
 */
export const bundledTableDefinitions: readonly TableDefinition[] = [tenantsTable, ...schemaTables];

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** Tenant column. Default: the DataSource's `enableTenancy` option, else `tenant_id`. */
  tenantColumn?: string;
  /** Table of the tenants. Default: the DataSource's `enableTenancy` option, else `tenants`. */
  tenantTable?: string;
  /**
   * PostgreSQL: a registered system key, set for the doctor's own read-only transaction so it can
   * count every tenant's rows under an application role. Default `TENANCY_SYSTEM_KEY`. Not used
   * when the DataSource runs the tenancy session layer (`enableTenancy` on PostgreSQL): that layer
   * sets its own `rowLevelSecurity.systemKey` inside `withoutTenantScope`, where the doctor runs.
   */
  systemKey?: string;
  /**
   * Table definitions the `schema-drift` check compares the live tables with. Default
   * {@link bundledTableDefinitions}; pass `[...bundledTableDefinitions, ...yours]` to check your own
   * tables made with the library's builder too.
   */
  definitions?: readonly TableDefinition[];
}

/**
 * Inspects a live database and checks every isolation invariant, per tenant table (every base
 * table with the tenant column): tenant column NOT NULL, an index leading with it, the CASCADE
 * key to `tenants`, unique keys that include it, in-tenant references, row-level security and
 * its policy and the connecting role (PostgreSQL), orphan rows, and an index-backed EXPLAIN of a
 * tenant lookup; every table of the definitions that exists against its definition (`schema-drift`),
 * and every table for redundant indexes (`redundant-indexes`, a warning). Pure inspection: everything runs in one READ ONLY transaction that is rolled
 * back. A check that cannot be decided honestly (orphans hidden by row-level security) is `skip`;
 * `warn` is shown and counted but, like `skip`, leaves `ok` true.
 * Failures are reported, not thrown; connection and SQL errors are thrown.
 *
 * @example
 * await dataSource.initialize();
 * const report = await runDoctor(dataSource);
 * console.log(renderDoctorTable(report, { colour: process.stdout.isTTY }));
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function runDoctor(dataSource: DataSource, options: DoctorOptions = {}): Promise<DoctorReport> {
  const config = tenancyConfig(dataSource);
  const tenantColumn = options.tenantColumn ?? config?.tenantColumn ?? 'tenant_id';
  const tenantTable = options.tenantTable ?? config?.tenantTable ?? 'tenants';
  // The session layer re-sends its own settings after any statement that touches them.
  const systemKey = config?.rowLevelSecurity ? undefined : (options.systemKey ?? (process.env.TENANCY_SYSTEM_KEY || undefined));
  const d = dialectOf(dataSource);
  const definitions = options.definitions ?? bundledTableDefinitions;
  const migrationsTable = dataSource.options.migrationsTableName ?? 'migrations';
  // Who connects, read with no context: inside withoutTenantScope the session layer may run every
  // statement as tenancy_system (or the doctor switches to it below, with its own key).
  const identity = await withReadOnlyTransaction(dataSource, readDoctorIdentity);
  // System work by definition: no tenant context, and a tenancy session layer may apply its system key.
  // A layer without a key would refuse keyless system statements under the application role
  // (SYSTEM_ACCESS_UNAVAILABLE); the doctor reads the catalog there with no context instead, as before.
  const unscoped = config?.rowLevelSecurity && !config.rowLevelSecurity.systemKey ? <T>(fn: () => T) => fn() : withoutTenantScope;
  return unscoped(() =>
    withReadOnlyTransaction(dataSource, async (runner) => {
      const catalog = await readDoctorCatalog(runner, { tenantColumn, tenantTable, systemKey, identity });
      const hasTenants = catalog.tables.includes(tenantTable);
      // Sharded MySQL (Vitess): no keys or triggers by design; the shapes are compared in that profile.
      const profile = vitessProfileState(catalog, d);
      const profileRow = vitessProfileCheck(profile, catalog);
      let checks: DoctorCheck[] = [
        {
          table: null,
          check: 'tenant-tables',
          status: hasTenants && catalog.tenantTables.length > 0 ? 'pass' : 'fail',
          detail:
            hasTenants && catalog.tenantTables.length > 0
              ? `${tenantTable} and ${catalog.tenantTables.length} table${catalog.tenantTables.length === 1 ? '' : 's'} with ${tenantColumn}`
              : `${hasTenants ? '' : `no ${tenantTable} table; `}${catalog.tenantTables.length ? '' : `no table has a ${tenantColumn} column; `}` +
                'is this the right database, and are the migrations applied (npm start)?',
        },
        ...(profileRow ? [profileRow] : []),
        ...databaseRowSecurityChecks(catalog),
        await bundledTablesCheck(runner, d, catalog, definitions, migrationsTable),
      ];
      const shapes = new Map(definitions.filter((def) => catalog.tables.includes(def.name)).map((def) => [def.name, shapeOf(def, doctorDialect(profile, d))]));
      const orphanCatalog = profile.seen ? withDefinedKeys(catalog, shapes.values()) : catalog;
      const drift = (table: string) => (shapes.has(table) ? [schemaDriftCheck(catalog, d.family, shapes.get(table)!)] : []);
      const defined = new Set([...shapes.values()].flatMap((s) => s.indexes.map((i) => `${s.name}.${i.name}`)));
      checks.push(redundantIndexesCheck(catalog, d.family, defined), invalidIndexesCheck(catalog, d.family));
      // On a Citus coordinator only (none elsewhere): placement and the wall's settings on the workers.
      const citus = d.family === 'postgres' ? await listCitusTables(runner) : null;
      const citusChecks = citus ? citusTableChecks(catalog, citus) : [];
      if (citus) {
        const rls = config?.rowLevelSecurity;
        const sessionLayer = rls ? (rls.citus ? 'citus' : 'default') : false;
        checks.push(await citusWallProbe(runner, catalog, citus, { sessionLayer, systemKey }), ...citusChecks.filter((c) => c.table === null));
      }
      if (hasTenants) checks.push(...tableRowSecurityChecks(catalog, tenantTable, 'id'), ...drift(tenantTable));
      for (const table of catalog.tenantTables) {
        checks.push(
          ...structureChecks(catalog, table),
          ...tableRowSecurityChecks(catalog, table, tenantColumn),
          ...citusChecks.filter((c) => c.table === table),
          await guardedCheck(runner, table, 'orphan-rows', () => orphanRowsCheck(runner, d, orphanCatalog, table)),
          await guardedCheck(runner, table, 'explain-index', () => explainIndexCheck(runner, catalog, table)),
          ...drift(table),
        );
      }
      // Bundled tables without the tenant column (reference and system data): only their drift.
      const others = [...shapes.keys()].filter((t) => t !== tenantTable && !catalog.tenantTables.includes(t));
      for (const table of others) checks.push(...drift(table));
      if (profile.seen) checks = adaptToVitessProfile(checks, shapes);
      const tables = [...new Set([...(hasTenants ? [tenantTable] : []), ...catalog.tenantTables, ...others])].sort();
      const summary = summarizeChecks(checks, tables.length);
      return {
        dialect: d.name,
        database: String(dataSource.options.database ?? ''),
        role: catalog.role?.name ?? String((dataSource.options as { username?: string }).username ?? ''),
        tables,
        checks,
        summary,
        ok: summary.failed === 0,
      };
    }),
  );
}
