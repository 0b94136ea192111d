import type { ColumnInfo } from '../../dialect/catalog';
import type { CitusCatalog } from '../../dialect/citus/list-citus-tables';
import type { DdlStatementReader } from '../../dialect/ddl-statements';
import type { DoctorCatalog } from '../doctor/doctor-catalog';
import type { LintDeclarations, LintFinding } from './lint-report';
import type { RecordedMigration, ScratchRun } from './record-migrations';

/**
 * What the rules read: the target as it is, the scratch database after the pending migrations, and what each sent.
 *
 * @example
 * schemaFindings(context); blockingFindings(context, context.run.migrations[0]);
 */
export interface LintContext {
  tenantColumn: string;
  tenantTable: string;
  /** The target database before anything runs (read-only). */
  target: {
    tables: ReadonlySet<string>;
    columns: readonly ColumnInfo[];
    /** `table\0name` of every index and foreign key. */
    indexes: ReadonlySet<string>;
    foreignKeys: ReadonlySet<string>;
    /** Row estimates; null when unknown. */
    rows: ReadonlyMap<string, number | null>;
    /** The lock timeout a session starts with, in ms (0: none). */
    lockTimeoutMs: number;
  };
  /** The scratch database after the pending migrations, read as the doctor reads a database. */
  final: DoctorCatalog;
  /** How Citus holds the scratch database's tables; null when the target is no Citus coordinator. */
  citus: CitusCatalog | null;
  run: ScratchRun;
  /** Tables known to be global (bundled global tables, the option), and TypeORM's own tables (never linted). */
  globalTables: ReadonlySet<string>;
  ignoredTables: ReadonlySet<string>;
  /** `not-null-column` applies above this row estimate. */
  largeTableRows: number;
  reader: DdlStatementReader;
}

/**
 * A finding before waivers are applied.
 *
 * @example
 * const raw: RawFinding = { migration: 'AddPriority1767400000000', rule: 'lock-timeout', table: 'orders', detail: '…' };
 */
export type RawFinding = Omit<LintFinding, 'status' | 'reason'>;

/**
 * The longest lock timeout that counts as set (a longer one still lets the queue behind a waiting DDL grow for that long).
 *
 * @example
 * const held = timeout > 0 && timeout <= MAX_LOCK_TIMEOUT_MS;
 */
export const MAX_LOCK_TIMEOUT_MS = 60_000;

/**
 * The lint declarations of a migration: static members of its class.
 *
 * @example
 * declarationsOf(migration).globalTables; // ['currencies']
 */
export const declarationsOf = (migration: RecordedMigration['instance']): LintDeclarations => migration.constructor as LintDeclarations;

/**
 * The pending migration that first created an object (a table, or `table\0name` of an index or
 * foreign key) the target does not have; undefined when none did.
 *
 * @example
 * createdBy(context, 'tables', 'notes')?.name; // 'CreateNotes1767400000000'
 */
export function createdBy(context: LintContext, kind: keyof RecordedMigration['after'], key: string): RecordedMigration | undefined {
  const before = kind === 'tables' ? context.target.tables : context.target[kind];
  if (before.has(key)) return undefined;
  return context.run.migrations.find((m) => m.after[kind].has(key));
}
