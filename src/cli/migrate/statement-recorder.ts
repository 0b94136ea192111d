import { QueryResult, type QueryRunner, type Table } from 'typeorm';

/**
 * One statement a migration sent through its query runner.
 *
 * @example
 * const statement: RecordedStatement = { sql: 'CREATE TABLE "notes" (…)', ran: true };
 */
export interface RecordedStatement {
  sql: string;
  /** Bound parameters, when there were any. */
  parameters?: unknown[];
  /** False when a dry run recorded the statement without sending it (a write that was not run). */
  ran: boolean;
}

/**
 * How a recorded runner treats statements: `execute` sends every one (a real run, or a PostgreSQL
 * dry run inside the transaction it rolls back); `reads-only` sends reads (SELECT, SHOW, EXPLAIN,
 * DESCRIBE) and only records everything else (the MySQL family's dry run, and any migration a dry
 * run cannot put inside a transaction).
 *
 * @example
 * recorder.mode = dataSource.driver.options.type === 'postgres' ? 'execute' : 'reads-only';
 */
export type RecordMode = 'execute' | 'reads-only';

/**
 * What {@link recordStatements} returns: where statements go, how they are treated, and the undo.
 *
 * @example
 * const recorder: StatementRecorder = recordStatements(queryRunner);
 */
export interface StatementRecorder {
  /** Statements are appended here; point it at a fresh array for each migration. */
  bucket: RecordedStatement[];
  mode: RecordMode;
  /**
   * Refuse a statement that would end the current transaction (`COMMIT`, `END`, `ROLLBACK`,
   * `ABORT`; not `ROLLBACK TO SAVEPOINT`) instead of sending it: a dry run's transaction must
   * only ever end in its own rollback. It throws, so the dry run stops at that migration.
   */
  keepTransaction?: boolean;
  /** Puts the runner's own `query` and `hasTable` back. */
  restore(): void;
}

// A statement that changes nothing: sent even in `reads-only` mode. `SELECT … INTO` (variables,
// files) is not one of them.
const READ = /^\s*\(?\s*(SELECT|SHOW|EXPLAIN|DESCRIBE|DESC)\b/i;
const isRead = (sql: string) => READ.test(sql) && !/\bINTO\b/i.test(sql);
const ENDS_TRANSACTION = /^\s*(COMMIT|END|ABORT|ROLLBACK(?!\s+(WORK\s+|TRANSACTION\s+)?TO\b))\b/i;

// `db`.`name`, "schema"."name", name → name (a dry run stays in one database / schema).
const bareName = (name: string) => name.split('.').pop()!.replace(/[`"]/g, '');
const TABLE_NAME = String.raw`((?:[\`"]?[\w$]+[\`"]?\.)?[\`"]?[\w$]+[\`"]?)`;
const CREATE_TABLE = new RegExp(String.raw`^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${TABLE_NAME}`, 'i');
const DROP_TABLE = new RegExp(String.raw`^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(.+?)\s*(?:CASCADE|RESTRICT)?\s*;?\s*$`, 'is');
const RENAME_TABLE = new RegExp(String.raw`^\s*(?:RENAME\s+TABLE\s+${TABLE_NAME}\s+TO|ALTER\s+TABLE\s+${TABLE_NAME}\s+RENAME\s+TO)\s+${TABLE_NAME}`, 'i');

/**
 * Tables that recorded-but-unsent statements created or dropped, so `hasTable` answers as the
 * real run would: TypeORM's own bookkeeping (`migrations`, `typeorm_metadata`) and the library's
 * `recordGeneratedColumn` ask it before creating a table once.
 */
function noteTables(ledger: Map<string, boolean>, sql: string): void {
  const created = CREATE_TABLE.exec(sql);
  if (created) ledger.set(bareName(created[1]), true);
  const dropped = DROP_TABLE.exec(sql);
  if (dropped) for (const name of dropped[1].split(',')) ledger.set(bareName(name.trim()), false);
  const renamed = RENAME_TABLE.exec(sql);
  if (renamed) {
    ledger.set(bareName(renamed[1] ?? renamed[2]), false);
    ledger.set(bareName(renamed[3]), true);
  }
}

/**
 * Wraps a query runner's `query` so every statement it sends (TypeORM's `createTable`, `dropIndex`,
 * … all end in `query`) is appended to `bucket`; in `reads-only` mode writes are recorded and not
 * sent (their result is empty), and `hasTable` answers for the tables those unsent writes created
 * or dropped. Internal to `migrate`, `revert` and `rehearse`.
 *
 * @example
 * const recorder = recordStatements(queryRunner);
 * recorder.bucket = statements;      // collect
 * recorder.mode = 'reads-only';      // MySQL-family dry run
 * try { await migration.up(queryRunner); } finally { recorder.restore(); }
 */
export function recordStatements(queryRunner: QueryRunner, mode: RecordMode = 'execute'): StatementRecorder {
  const query = queryRunner.query as (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
  const hasTable = queryRunner.hasTable;
  const ledger = new Map<string, boolean>();
  const recorder: StatementRecorder = {
    bucket: [],
    mode,
    restore() {
      Object.assign(queryRunner, { query, hasTable });
    },
  };
  Object.assign(queryRunner, {
    async query(sql: string, parameters?: unknown[], structured?: boolean) {
      const ran = recorder.mode === 'execute' || isRead(sql);
      if (ran && recorder.keepTransaction && ENDS_TRANSACTION.test(sql)) {
        recorder.bucket.push({ sql, ran: false });
        throw new Error(`the migration ends the transaction itself (${sql.trim()}); a dry run cannot follow it past that point without committing`);
      }
      recorder.bucket.push({ sql, ...(parameters?.length ? { parameters } : {}), ran });
      if (ran) return query.call(queryRunner, sql, parameters, structured);
      noteTables(ledger, sql);
      return structured ? Object.assign(new QueryResult(), { records: [], raw: [] }) : [];
    },
    async hasTable(table: Table | string) {
      const real = await hasTable.call(queryRunner, table);
      const known = ledger.get(bareName(typeof table === 'string' ? table : table.name));
      return recorder.mode === 'reads-only' && known !== undefined ? known : real;
    },
  });
  return recorder;
}
