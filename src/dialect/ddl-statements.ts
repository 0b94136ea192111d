import type { DataSource } from 'typeorm';
import type { CatalogSource } from './catalog/catalog-source';
import type { ColumnInfo } from './catalog/catalog-types';
import type { Dialect } from './dialect';
import { mysqlDdlStatements } from './mysql-ddl-statements';
import { postgresDdlStatements } from './postgres-ddl-statements';

/**
 * What one DDL statement does to one table, as far as locking and rewriting go.
 *
 * @example
 * const fact: DdlFact = { table: 'orders', kind: 'index-build', online: false };
 */
export interface DdlFact {
  /** The table (unquoted, without schema). */
  table: string;
  /** `index-build`: an index (or unique/primary key) is built; `not-null-column`: ADD COLUMN … NOT NULL without a default; `type-change`: a column's type is changed. */
  kind: 'index-build' | 'not-null-column' | 'type-change';
  /** index-build: without blocking writes (PostgreSQL CONCURRENTLY; MySQL family ALGORITHM=INPLACE, LOCK=NONE). */
  online?: boolean;
  /** not-null-column and type-change: the column (type-change: its name before the statement). */
  column?: string;
  /** type-change: the column's name after the statement (MySQL-family `CHANGE old new`). */
  renamedTo?: string;
}

/**
 * One statement read: its facts, the tables it locks strongly, and a lock timeout it sets.
 *
 * @example
 * const read: ReadStatement = { facts: [], strongLocks: [], lockTimeoutMs: 2000 }; // SET lock_timeout = '2s'
 */
export interface ReadStatement {
  facts: DdlFact[];
  /** Tables locked so that reads or writes of other sessions wait (ACCESS EXCLUSIVE / SHARE; an exclusive metadata lock). */
  strongLocks: string[];
  /** Lock timeout this statement sets for what follows, in ms (0: none); undefined when it sets none. */
  lockTimeoutMs?: number;
}

/**
 * How a dialect's DDL statements lock and rewrite, for `typeorm-tenancy lint`, and the scratch
 * database it runs pending migrations on. Statements are read with patterns, not a full parser:
 * what they do not recognise takes no strong lock (docs/lint.md lists what is read).
 *
 * @example
 * const reader: DdlStatementReader = ddlStatementsOf(dialectOf(dataSource));
 */
export interface DdlStatementReader {
  read(sql: string, parameters: readonly unknown[]): ReadStatement;
  /** Whether changing a column from `before` to `after` rewrites (or copies) the whole table. */
  rewritesTable(before: ColumnInfo, after: ColumnInfo): boolean;
  /** Creates an empty database `name` on the server of `source`, like the current one (MySQL family: its charset and collation). */
  createDatabase(source: DataSource, name: string): Promise<void>;
  /** Drops database `name` (closing other sessions on it). */
  dropDatabase(source: DataSource, name: string): Promise<void>;
  /** The lock timeout a session of `source` starts with (a role or server setting), in ms; 0 for none. */
  sessionLockTimeoutMs(source: CatalogSource): Promise<number>;
  /** Whether `source` is an embedded single-database server (PGlite), where a second database cannot be reached. */
  isEmbedded(source: CatalogSource): Promise<boolean>;
}

/**
 * The statement reader of a dialect.
 *
 * @example
 * ddlStatementsOf(dialectOf(ds)).read('CREATE INDEX i ON orders (a)', []).strongLocks; // ['orders']
 */
export function ddlStatementsOf(d: Dialect): DdlStatementReader {
  return d.family === 'postgres' ? postgresDdlStatements : mysqlDdlStatements;
}

/**
 * Splits `text` at the commas outside parentheses and quotes (the actions of an ALTER TABLE, the
 * arguments of a call), trimming each part.
 *
 * @example
 * splitTopLevel("ADD a int, ADD CONSTRAINT c CHECK (a IN (1, 2))"); // ['ADD a int', 'ADD CONSTRAINT c CHECK (a IN (1, 2))']
 */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/**
 * An identifier as written (`"x"`, `` `x` ``, `s.x`, bare) without quotes and schema; `fold`
 * lower-cases a bare one (PostgreSQL folds unquoted names).
 *
 * @example
 * bareIdentifier('"public"."orders"'); // 'orders'
 */
export function bareIdentifier(written: string, fold = false): string {
  const parts = written.match(/"(?:[^"]|"")+"|`(?:[^`]|``)+`|[^."`]+/g) ?? [written];
  const last = parts[parts.length - 1];
  if (last.startsWith('"')) return last.slice(1, -1).replace(/""/g, '"');
  if (last.startsWith('`')) return last.slice(1, -1).replace(/``/g, '`');
  return fold ? last.toLowerCase() : last;
}
