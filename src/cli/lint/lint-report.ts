import type { DialectName } from '../../dialect/dialect';

/**
 * What `typeorm-tenancy lint` checks in each pending migration, by stable rule id. The first four
 * look at the schema the pending migrations leave behind; the blocking-DDL rules (`blocking-index`
 * … `lock-timeout`) only at tables that existed before them (on the target database).
 *
 * @example
 * LINT_RULES['blocking-index']; // 'an index on an existing table is built without blocking writes …'
 */
export const LINT_RULES = {
  'tenant-column': 'a new table has the tenant column, or is declared global (static globalTables, or a bundled global table)',
  'in-tenant-reference': 'a new foreign key into a tenant table keeps the tenant: (tenant_id, x_id) → parent(tenant_id, id)',
  'tenant-unique': 'a new unique key or unique index of a tenant table includes the tenant column',
  'row-level-security': 'a new tenant table has row-level security enabled and forced with the tenant policies (PostgreSQL)',
  'citus-placement': 'on a Citus coordinator, a new tenant table is distributed by the tenant column, co-located with the other tenant tables',
  'blocking-index': 'an index on an existing table is built without blocking writes (CONCURRENTLY / ALGORITHM=INPLACE, LOCK=NONE)',
  'not-null-column': 'ADD COLUMN … NOT NULL on an existing large table has a default',
  'table-rewrite': 'a column type change on an existing table does not rewrite (copy) the table',
  'lock-timeout': 'a statement taking a strong lock on an existing table runs with a lock timeout (withLockTimeout) set before it in the migration',
  waiver: 'each waiver names a rule of this list and gives a reason',
  'migration-failed': 'the migration runs on the scratch database',
} as const;

/**
 * A rule id of {@link LINT_RULES}.
 *
 * @example
 * const rule: LintRuleId = 'lock-timeout';
 */
export type LintRuleId = keyof typeof LINT_RULES;

/**
 * Rules a migration may waive (all but `waiver` and `migration-failed`).
 *
 * @example
 * const rule: WaivableLintRuleId = 'blocking-index';
 */
export type WaivableLintRuleId = Exclude<LintRuleId, 'waiver' | 'migration-failed'>;

/**
 * Waivers of one migration: rule id → why the finding is acceptable here (required, non-empty).
 * Declare them as a static member of the migration class; a waiver without a reason is a `waiver`
 * finding and waives nothing.
 *
 * @example
 * export class IndexOrdersByDate1767400000000 implements MigrationInterface {
 *   static lintWaivers: LintWaivers = { 'blocking-index': 'orders is empty until launch (2026-03)' };
 *   async up(qr: QueryRunner) { await qr.query('CREATE INDEX idx_orders_date ON orders (tenant_id, created_at)'); }
 *   async down(qr: QueryRunner) { await qr.query('DROP INDEX idx_orders_date'); }
 * }
 */
export type LintWaivers = Partial<Record<WaivableLintRuleId, string>>;

/**
 * What a migration class may declare for the lint: its `lintWaivers`, and `globalTables`, the new
 * tables it creates on purpose without the tenant column (reference or system data).
 *
 * @example
 * export class CreateCurrencies1767400000000 implements MigrationInterface {
 *   static globalTables = ['currencies'];
 *   async up(qr: QueryRunner) { await qr.query('CREATE TABLE currencies (code char(3) PRIMARY KEY)'); }
 *   async down(qr: QueryRunner) { await qr.query('DROP TABLE currencies'); }
 * }
 * const declared: LintDeclarations = CreateCurrencies1767400000000;
 */
export interface LintDeclarations {
  lintWaivers?: LintWaivers;
  globalTables?: readonly string[];
}

/**
 * One finding of one pending migration. `waived` ones do not fail the run.
 *
 * @example
 * report.findings.filter((f: LintFinding) => f.status === 'fail').map((f) => `${f.migration} ${f.rule}`);
 */
export interface LintFinding {
  migration: string;
  rule: LintRuleId;
  /** The table concerned, or null. */
  table: string | null;
  /** What is wrong and how to fix it. */
  detail: string;
  /** The statement that did it, when one statement did. */
  statement?: string;
  status: 'fail' | 'waived';
  /** The waiver's reason, for `waived`. */
  reason?: string;
}

/**
 * A rule this run did not apply, and why (e.g. row-level security on the MySQL family).
 *
 * @example
 * report.skipped; // [{ rule: 'row-level-security', reason: 'the MySQL family has no row-level security: …' }]
 */
export interface SkippedLintRule {
  rule: LintRuleId;
  reason: string;
}

/**
 * What `runLint` found; `ok` is false when a finding is not waived. What `--json` prints.
 *
 * @example
 * const report: LintReport = await runLint(dataSource);
 * if (!report.ok) process.exitCode = 1;
 */
export interface LintReport {
  dialect: DialectName;
  database: string;
  /** Where the pending migrations ran: a database created beside the target, or an embedded PGlite; null when nothing was pending. */
  scratch: { database: string; embedded: boolean; citus: boolean } | null;
  /** Pending migrations in the order they ran, with the statements each sent. */
  migrations: Array<{ name: string; statements: number }>;
  /** Executed migrations recorded on the target that the DataSource does not list (so they could not be replayed on the scratch database). */
  unreplayed: string[];
  skipped: SkippedLintRule[];
  findings: LintFinding[];
  summary: { migrations: number; failed: number; waived: number };
  ok: boolean;
}
