import type { QueryRunner } from 'typeorm';

/** The SQL dialects the library writes DDL and dialect-specific SQL for. */
export type DialectName = 'postgres' | 'mysql' | 'mariadb';

/**
 * Index names the design gives to the same index on many tables. Index names are per table on the
 * MySQL family but per schema on PostgreSQL, where these get the table name as a prefix.
 */
export const GENERIC_INDEX_NAMES: ReadonlySet<string> = new Set([
  'idx_tenant_status_date',
  'idx_tenant_hierarchy',
  'idx_chronological',
  'idx_last_modified',
  'ft_content_search',
  'idx_tenant_primary',
  'idx_tenant_title',
]);

/** An index statement and its key columns as the catalog will list them (none for an expression). */
export interface IndexForm {
  sql: string;
  columns: string[];
  /** A stand-in of another shape (the MySQL family's partial index): left out where another index covers it. */
  standIn?: boolean;
}

/** How a dialect keeps an optional in-tenant reference: the key's columns and delete rule, and triggers if it needs them. */
export interface OptionalReferenceForm {
  columns: string[];
  refColumns: string[];
  /** The ON DELETE clause, e.g. `SET NULL ("venue_id")` on PostgreSQL, `SET NULL` on the MySQL family. */
  onDeleteSql: string;
  /** The delete rule as catalogs report it (default `SET NULL`); `NO ACTION` on Citus, which refuses SET NULL on a key with the tenant. */
  onDelete?: 'SET NULL' | 'NO ACTION';
  /** Statements to run after the table exists (MySQL-family same-tenant triggers). */
  triggers: string[];
}

/**
 * How a distributed database (Citus) holds the tables: what a single server does not need. A
 * dialect without it (PostgreSQL, the MySQL family) writes every table as one local table.
 *
 * @example
 * citusDialect.placement?.placeTable('countries', 'reference'); // ["SELECT create_reference_table('\"countries\"')"]
 */
export interface TablePlacement {
  /** Primary key of a tenant table: the distribution column must be part of every key. */
  tenantPrimaryKey(tenantColumn: string): string[];
  /**
   * Statements placing a table right after it is created with its indexes and policies, before
   * any foreign key to or from it: `create_distributed_table` by the tenant column for a tenant
   * table, `create_reference_table` for a global one, none for a table kept on the coordinator.
   */
  placeTable(table: string, placement: { tenantColumn: string } | 'reference' | 'local'): string[];
  /**
   * First statement of a transaction that runs several statements over the same shards (guarded
   * drops, foreign keys added in batches): Citus refuses them, or deadlocks with itself, over parallel shard connections.
   */
  readonly sequentialShards: string;
}

/** What the upsert guard of a dialect gets from the insert query builder. */
export interface UpsertGuardInput {
  /** Database name of the tenant column. */
  tenantColumn: string;
  /** Columns TypeORM will overwrite on conflict (database names). */
  overwrite: readonly string[] | undefined;
  /** Escaped table (or alias) name the statement uses for the existing row. */
  tableRef: string;
  /**
   * Update-date columns (database names) that every row of the insert leaves to their default:
   * PostgreSQL sets them from `EXCLUDED` on conflict (same value; Citus refuses `= DEFAULT` there).
   */
  defaultedUpdateDates?: readonly string[];
  /** Renders the INSERT with TypeORM, optionally with another overwrite list and conflict condition. */
  render(options: { overwrite?: string[]; extraCondition?: string }): string;
}

/**
 * Every difference between the database families lives behind this interface; nothing outside
 * `src/dialect` branches on the driver type.
 */
export interface Dialect {
  readonly name: DialectName;
  readonly family: 'postgres' | 'mysql';
  /**
   * The sharded-MySQL profile (Vitess / PlanetScale) of the MySQL family, chosen with
   * `TYPEORM_TENANCY_MYSQL_PROFILE=vitess` (see `mysqlProfile`): tables get no foreign keys and no
   * triggers, and the scope layer's reference guard checks every in-tenant reference instead.
   * Absent (undefined) everywhere else.
   */
  readonly profile?: 'vitess';
  /** Quotes one identifier. */
  quote(identifier: string): string;
  /** Column type of a UUID: `uuid`, MariaDB's native `UUID`, or `CHAR(36)` ascii_bin on MySQL. */
  readonly uuidType: string;
  /** Column type of JSON documents: `jsonb` on PostgreSQL, `JSON` on the MySQL family. */
  readonly jsonType: string;
  /** Column type of instants: `timestamptz(6)` on PostgreSQL, `DATETIME(6)` (UTC) on the MySQL family. */
  readonly timestampType: string;
  /** The current instant, as a column default. */
  readonly now: string;
  /** Suffix that refreshes a column on every UPDATE (`ON UPDATE …` on the MySQL family; '' on PostgreSQL). */
  readonly onUpdateNow: string;
  /**
   * Where TypeORM files a generated column's expression in its `typeorm_metadata` table (which its
   * schema diff reads): database and schema on PostgreSQL, the database as `schema` on the MySQL family.
   */
  typeormMetadataScope(queryRunner: QueryRunner): Promise<{ database?: string; schema: string }>;
  /**
   * An index statement of this dialect made online: PostgreSQL `CREATE INDEX CONCURRENTLY` (which
   * cannot run in a transaction, see {@link onlineIndexOutsideTransaction}); the MySQL family
   * `ALGORITHM=INPLACE LOCK=NONE` (full-text: `LOCK=SHARED`, InnoDB cannot build one with writes).
   */
  onlineIndex(sql: string): string;
  /** Online index builds must run outside a transaction (PostgreSQL). */
  readonly onlineIndexOutsideTransaction: boolean;
  /**
   * How long a statement waits for a lock: reading the current setting, and setting it (`ms` of
   * PostgreSQL `lock_timeout`, transaction-local inside a transaction; whole seconds, at least 1, of
   * the MySQL family's `lock_wait_timeout` for metadata locks and `innodb_lock_wait_timeout` for rows).
   */
  readonly lockTimeout: {
    read: string;
    set(ms: number, inTransaction: boolean): Array<[string, unknown[]]>;
    restore(previous: unknown, inTransaction: boolean): Array<[string, unknown[]]>;
  };
  /** TypeORM keeps unique constraints as unique indexes in this dialect's metadata (the MySQL family) rather than as constraints. */
  readonly uniqueConstraintsAsIndexes: boolean;
  /** A string literal, e.g. `literal("it's")` → `'it''s'`. */
  literal(value: string): string;
  /** Trailing `CREATE TABLE` options (engine, charset, table comment). */
  tableSuffix(comment: string): string;
  /** Statements that attach comments after `CREATE TABLE` (PostgreSQL); none on the MySQL family. */
  tableComment(table: string, comment: string): string[];
  /** Inline column comment (MySQL family) or '' (PostgreSQL uses COMMENT ON). */
  inlineColumnComment(comment: string): string;
  /** Statements commenting a column after creation (PostgreSQL); none on the MySQL family. */
  columnComment(table: string, column: string, comment: string): string[];
  /**
   * The INSERT of an upsert that can never overwrite another tenant's row: PostgreSQL adds
   * `WHERE t.tenant_id = EXCLUDED.tenant_id` to `DO UPDATE`; the MySQL family (whose ON DUPLICATE
   * KEY fires on any unique key) keeps every column of a foreign row as it is.
   */
  guardUpsert(input: UpsertGuardInput): string;
  /**
   * The name an index gets in this dialect: the design's name, except that the generic names of
   * {@link GENERIC_INDEX_NAMES} get the table as a prefix on PostgreSQL (`conferences_idx_chronological`).
   */
  indexName(table: string, name: string): string;
  /** Full-text index: MySQL-family FULLTEXT; PostgreSQL GIN over `to_tsvector('simple', …)`. */
  fullTextIndex(table: string, name: string, columns: readonly string[], language?: string): IndexForm | null;
  /** One key part of an index: the column, with a prefix length where the dialect takes one (MySQL family). */
  keyPart(column: string, prefix?: number): string;
  /** The same key part as the catalog lists it (`title(50)` on the MySQL family). */
  catalogKeyPart(column: string, prefix?: number): string;
  /** Covering index: PostgreSQL `INCLUDE`; the MySQL family a wider composite key (TEXT columns left out). */
  coveringIndex(table: string, name: string, keys: readonly string[], include: readonly { name: string; text?: boolean }[]): IndexForm;
  /**
   * Partial index `WHERE column IN (values)`: PostgreSQL as such; the MySQL family, which has none,
   * the composite key with `column` inserted after the leading `tenant_id` (same lookups, bigger).
   */
  partialIndex(table: string, name: string, columns: readonly string[], where: { column: string; values: readonly string[] }): IndexForm;
  /**
   * An optional (nullable) reference to a row of the same tenant. PostgreSQL: a composite FK
   * `ON DELETE SET NULL (column)`. The MySQL family cannot SET NULL one column of a composite key
   * (it would null the tenant column), so: a plain FK `ON DELETE SET NULL` plus BEFORE INSERT/UPDATE
   * triggers that refuse a parent of another tenant (SQLSTATE 23000).
   */
  optionalTenantReference(table: string, column: string, parent: string, tenantColumn: string): OptionalReferenceForm;
  /**
   * Whether the database enforces the tenant wall itself (row-level security): PostgreSQL yes; the
   * MySQL family has no RLS, so there the composite foreign keys and the app layer are the wall.
   */
  readonly rowLevelSecurity: boolean;
  /** Statements run once before any tenant table (the system-access function of the RLS wall); none without RLS. */
  tenantIsolationSetup(): string[];
  /** Statements undoing {@link tenantIsolationSetup}. */
  dropTenantIsolationSetup(): string[];
  /**
   * Statements putting `table` behind the database wall on `column` (ENABLE + FORCE row-level
   * security and the `tenant_isolation` policy on PostgreSQL); none on the MySQL family.
   */
  tenantIsolation(table: string, column: string): string[];
  /**
   * Set on a distributed database only (the Citus profile, src/dialect/citus): tenant keys
   * with the tenant column, placement statements, foreign keys added after placement.
   */
  readonly placement?: TablePlacement;
}
