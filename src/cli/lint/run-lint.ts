import { MigrationExecutor, type DataSource } from 'typeorm';
import { estimateTableRows, listColumns, listForeignKeys, listIndexes, listTables, withReadOnlyTransaction } from '../../dialect/catalog';
import { ddlStatementsOf } from '../../dialect/ddl-statements';
import { listCitusTables } from '../../dialect/citus/list-citus-tables';
import { dialectOf } from '../../dialect/dialect-of';
import { tenancyConfig } from '../../scopes/tenancy-options';
import { readDoctorCatalog } from '../doctor/doctor-catalog';
import { bundledTableDefinitions } from '../doctor/run-doctor';
import { applyWaivers } from './apply-waivers';
import { blockingFindings } from './blocking-rules';
import { citusFindings } from './citus-rules';
import type { LintContext, RawFinding } from './lint-context';
import type { LintReport } from './lint-report';
import { migrationNameOf, recordPendingMigrations } from './record-migrations';
import { schemaFindings } from './schema-rules';
import { openScratchDatabase } from './scratch-database';

/**
 * Options of {@link runLint}.
 *
 * @example
 * const options: LintOptions = { globalTables: ['currencies'], largeTableRows: 50_000 };
 */
export interface LintOptions {
  /** Tenant column. Default: the DataSource's `enableTenancy` option, else `tenant_id`. */
  tenantColumn?: string;
  /** Table of the tenants. Default: the DataSource's `enableTenancy` option, else `tenants`. */
  tenantTable?: string;
  /** More global tables (no tenant column on purpose), besides the bundled ones and each migration's `static globalTables`. */
  globalTables?: readonly string[];
  /** `not-null-column` applies to existing tables estimated above this many rows. Default {@link DEFAULT_LARGE_TABLE_ROWS}. */
  largeTableRows?: number;
}

/**
 * Default of {@link LintOptions.largeTableRows}.
 *
 * @example
 * await runLint(dataSource, { largeTableRows: DEFAULT_LARGE_TABLE_ROWS * 10 });
 */
export const DEFAULT_LARGE_TABLE_ROWS = 1000;

/** What the target holds, read in one READ ONLY transaction (TypeORM's executor reads its migrations table; it creates nothing there). */
async function readTarget(dataSource: DataSource) {
  const reader = ddlStatementsOf(dialectOf(dataSource));
  return withReadOnlyTransaction(dataSource, async (runner) => {
    const key = (o: { table: string; name: string }) => `${o.table}\0${o.name}`;
    const executed = await new MigrationExecutor(dataSource, runner).getExecutedMigrations();
    return {
      tables: new Set((await listTables(runner)).map((t) => t.name)),
      columns: await listColumns(runner),
      indexes: new Set((await listIndexes(runner)).map(key)),
      foreignKeys: new Set((await listForeignKeys(runner)).map(key)),
      rows: new Map((await estimateTableRows(runner)).map((e) => [e.table, e.rows])),
      lockTimeoutMs: await reader.sessionLockTimeoutMs(runner),
      // TypeORM lists them newest first.
      executed: executed.map((m) => m.name).reverse(),
      embedded: await reader.isEmbedded(runner),
    };
  });
}

/**
 * Lints the pending migrations of an initialized DataSource (the application's, as `-d` loads
 * it) without changing its database: creates a scratch database beside it (same server; on
 * PGlite an in-memory PGlite), runs there the migrations the target has executed and then the
 * pending ones, recording each pending migration's statements, drops the scratch database, and
 * applies every rule of `LINT_RULES` to each pending migration (waivers applied). The target is
 * only read, in a READ ONLY transaction. Findings are reported, not thrown.
 *
 * @example
 * await dataSource.initialize();
 * const report = await runLint(dataSource);
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function runLint(dataSource: DataSource, options: LintOptions = {}): Promise<LintReport> {
  const config = tenancyConfig(dataSource);
  const d = dialectOf(dataSource);
  const target = await readTarget(dataSource);
  const executed = new Set(target.executed);
  const listed = new Set(dataSource.migrations.map(migrationNameOf));
  const pending = dataSource.migrations.filter((m) => !executed.has(migrationNameOf(m)));
  const base: Omit<LintReport, 'scratch' | 'migrations' | 'skipped' | 'findings' | 'summary' | 'ok'> = {
    dialect: d.name,
    database: String(dataSource.driver.database ?? dataSource.options.database ?? ''),
    unreplayed: target.executed.filter((name) => !listed.has(name)),
  };
  if (pending.length === 0) return { ...base, scratch: null, migrations: [], skipped: [], findings: [], summary: { migrations: 0, failed: 0, waived: 0 }, ok: true };

  const tenantColumn = options.tenantColumn ?? config?.tenantColumn ?? 'tenant_id';
  const tenantTable = options.tenantTable ?? config?.tenantTable ?? 'tenants';
  const scratch = await openScratchDatabase(dataSource, target.embedded);
  let context: LintContext;
  try {
    const run = await recordPendingMigrations(scratch.dataSource, executed, dataSource.options.migrationsTransactionMode ?? 'all');
    const final = await withReadOnlyTransaction(scratch.dataSource, (runner) => readDoctorCatalog(runner, { tenantColumn, tenantTable }));
    const citus = scratch.citus ? await withReadOnlyTransaction(scratch.dataSource, (runner) => listCitusTables(runner)) : null;
    const o = dataSource.options as { migrationsTableName?: string; metadataTableName?: string; cache?: { tableName?: string } | boolean };
    context = {
      tenantColumn,
      tenantTable,
      target,
      final,
      citus,
      run,
      globalTables: new Set([...bundledTableDefinitions.filter((t) => t.kind === 'global').map((t) => t.name), ...(options.globalTables ?? [])]),
      ignoredTables: new Set([o.migrationsTableName ?? 'migrations', o.metadataTableName ?? 'typeorm_metadata', ...(o.cache ? [(typeof o.cache === 'object' && o.cache.tableName) || 'query-result-cache'] : [])]),
      largeTableRows: options.largeTableRows ?? DEFAULT_LARGE_TABLE_ROWS,
      reader: ddlStatementsOf(d),
    };
  } finally {
    await scratch.drop();
  }
  const { run } = context;
  const raw: RawFinding[] = [...schemaFindings(context), ...citusFindings(context), ...run.migrations.flatMap((m) => blockingFindings(context, m))];
  if (run.failed) {
    raw.push({ migration: run.failed.name, rule: 'migration-failed', table: null, detail: `failed on the scratch database: ${run.failed.error}; the migrations after it were not run${base.unreplayed.length ? ` (the target has executed migrations this DataSource does not list: ${base.unreplayed.join(', ')})` : ''}` });
  }
  const order = dataSource.migrations.map(migrationNameOf);
  const findings = applyWaivers(pending, raw).sort((a, b) => order.indexOf(a.migration) - order.indexOf(b.migration));
  const failed = findings.filter((f) => f.status === 'fail').length;
  return {
    ...base,
    scratch: { database: scratch.database, embedded: scratch.embedded, citus: scratch.citus },
    migrations: run.migrations.map((m) => ({ name: m.name, statements: m.statements.length })),
    skipped: context.final.rowSecurity ? [] : [{ rule: 'row-level-security', reason: 'the MySQL family has no row-level security: composite foreign keys and the application layer are the wall' }],
    findings,
    summary: { migrations: pending.length, failed, waived: findings.length - failed },
    ok: failed === 0,
  };
}
