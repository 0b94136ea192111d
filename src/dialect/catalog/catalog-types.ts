/**
 * What the catalog readers of this folder return, the same shape on every database family.
 * Listings are sorted (by table, then name or position).
 */

/** A base table of the current schema (PostgreSQL) or database (MySQL family). */
export interface TableInfo {
  name: string;
  comment: string | null;
}

/** A column as the database reports it. */
export interface ColumnInfo {
  table: string;
  name: string;
  position: number;
  /** `format_type` on PostgreSQL, `COLUMN_TYPE` on the MySQL family. */
  type: string;
  nullable: boolean;
  default: string | null;
  /** Generation expression of a generated column, else null. */
  generated: string | null;
  comment: string | null;
  /** MySQL family: collation of a character column (`ascii_bin` for CHAR(36) ids); null otherwise and on PostgreSQL. */
  collation: string | null;
}

/** An index (unique constraints and primary keys included). */
export interface IndexInfo {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  /** Key columns in order; null for an expression. */
  columns: Array<string | null>;
  /** PostgreSQL INCLUDE columns (always [] on the MySQL family). */
  include: string[];
  /** PostgreSQL partial-index predicate. */
  predicate: string | null;
  /** `btree`, `gin`, `fulltext`, … (lower case). */
  method: string;
  /** Full definition where the database offers one (PostgreSQL `pg_get_indexdef`), else ''. */
  definition: string;
  /** False for a PostgreSQL index a failed `CREATE INDEX CONCURRENTLY` left behind (`indisvalid`); always true on the MySQL family. */
  valid: boolean;
}

/** A foreign key. `onDelete`/`onUpdate` are upper-case rules: CASCADE, SET NULL, NO ACTION, RESTRICT. */
export interface ForeignKeyInfo {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
  /** PostgreSQL `pg_get_constraintdef` (shows `SET NULL (col)`); '' on the MySQL family. */
  definition: string;
}

/** Any other constraint (PostgreSQL p/u/c/x, MySQL-family CHECK / UNIQUE / PRIMARY KEY). */
export interface ConstraintInfo {
  table: string;
  name: string;
  kind: string;
  definition: string;
}

/** A trigger. `timing`/`event` are set on the MySQL family ('' on PostgreSQL, where `statement` says it all). */
export interface TriggerInfo {
  table: string;
  name: string;
  timing: string;
  event: string;
  statement: string;
}
