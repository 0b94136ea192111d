/**
 * Portable column types of a table definition. The dialect renders each one (src/dialect
 * `columnType`); entity metadata takes the matching TypeORM type. `timestamp` is an instant
 * (timestamptz(6) on PostgreSQL, DATETIME(6) UTC on the MySQL family); `enum` is a varchar as long
 * as the longest value with a named CHECK constraint (`chk_<table>_<column>`) on every database.
 *
 * @example
 * const type: ColumnTypeName = 'varchar(200)';
 */
export type ColumnTypeName =
  | 'uuid'
  | 'text'
  | 'int'
  | 'smallint'
  | 'bigint'
  | 'boolean'
  | 'date'
  | 'time'
  | 'json'
  | 'timestamp'
  | 'enum'
  | `varchar(${number})`
  | `char(${number})`
  | `decimal(${number},${number})`;

/**
 * Column default "the current instant" (`now()` / `CURRENT_TIMESTAMP(6)`).
 *
 * @example
 * { name: 'voted_at', type: 'timestamp', default: NOW }
 */
export const NOW: unique symbol = Symbol.for('typeorm-tenancy.now');

/**
 * A column of a table definition.
 *
 * @example
 * { name: 'status', type: 'enum', values: ['draft', 'done'], default: 'draft', comment: 'Workflow state' }
 */
export interface ColumnSpec {
  name: string;
  type: ColumnTypeName;
  /** The allowed values of an `enum` column. */
  values?: readonly string[];
  nullable?: boolean;
  /**
   * Default: a literal (`'draft'`, `0`, `false`) or {@link NOW}. No expression defaults (such as an
   * empty JSON object): TypeORM reads them back differently per server and would rewrite the column.
   */
  default?: string | number | boolean | typeof NOW;
  /** Refreshed to the current instant on every UPDATE (MySQL family `ON UPDATE`; the entity's `@UpdateDateColumn` elsewhere). */
  onUpdateNow?: boolean;
  /** Documented on the column (COMMENT ON / inline COMMENT) and in the entity metadata. */
  comment?: string;
}

/**
 * A reference from a tenant row to another row of the same tenant. Adds the column too.
 *
 * @example
 * { column: 'venue_id', table: 'venues', nullable: true }
 */
export interface TenantReference {
  /** Column in this table, e.g. `conference_id`. */
  column: string;
  /** Parent table (tenant-aware), e.g. `conferences`. */
  table: string;
  /** Optional reference: the column is nullable and becomes NULL when the parent is deleted. */
  nullable?: boolean;
  comment?: string;
}

/**
 * A unique key. Every unique key of a tenant table must include the tenant column (checked).
 *
 * @example
 * { name: 'uq_notes_slug', columns: ['tenant_id', 'slug'], whileLive: true }
 */
export interface UniqueDefinition {
  name: string;
  columns: string[];
  /** Unique among live (not soft-deleted) rows only. */
  whileLive?: boolean;
}

/**
 * A named index. Exactly one of the optional shapes, or none for a plain index.
 *
 * @example
 * { name: 'idx_notes_tenant_status', columns: ['tenant_id', 'status'] }
 */
export interface IndexDefinition {
  name: string;
  columns: string[];
  /** Covering index: extra columns carried in the index (PostgreSQL INCLUDE). */
  include?: { name: string; text?: boolean }[];
  /** Partial index on `column IN (values)`. */
  where?: { column: string; values: string[] };
  /** Full-text index over `columns`. */
  fulltext?: boolean;
  /**
   * Full-text only: a PostgreSQL text-search configuration with stemming, e.g. `english` (default
   * `simple`). The MySQL family has no per-index language; there such an index is not created.
   */
  language?: string;
  /** Key prefix lengths for long text columns on the MySQL family, e.g. `{ title: 50 }`; PostgreSQL indexes the whole value. */
  prefix?: Record<string, number>;
}

/**
 * One table, described once: the migrations write its DDL per dialect from this, and an entity
 * decorated with `@DefinedEntity(definition)` takes its column types, comments, keys and indexes
 * from it, so `migration:generate` finds nothing to change.
 *
 * @example
 * const notes: TableDefinition = { name: 'notes', kind: 'tenant', comment: 'Notes', columns: [{ name: 'title', type: 'varchar(200)' }] };
 */
export interface TableDefinition {
  /** Phase number of a bundled table, e.g. 202 for `Phase0202…`; unique across the schema. */
  phase?: number;
  name: string;
  /** What the table is for (the table comment and docs/schema.md). */
  comment: string;
  /** Business columns; the standard ones (`id`, tenant column, audit, timestamps) are added. */
  columns: ColumnSpec[];
  /** `tenant`: a business table (TenantAwareEntity); `global`: reference/system data (no tenant). */
  kind: 'tenant' | 'global';
  /** Tenant tables: name of the tenant column. Default `tenant_id`. */
  tenantColumn?: string;
  /** Tenant tables: `created_by`/`updated_by` reference users of the same tenant (needs the bundled `users` table). Default: bundled tables from the users phase on; false for yours. */
  actorReferences?: boolean;
  references?: TenantReference[];
  uniques?: UniqueDefinition[];
  indexes?: IndexDefinition[];
  /** Global tables: add `created_at`/`updated_at`/`deleted_at`. Default true. */
  timestamps?: boolean;
  /** Global tables: primary key columns when it is not a UUIDv7 `id`. */
  primaryKey?: string[];
  /**
   * Global tables on a distributed database (the Citus profile): `reference` (default) keeps a copy
   * on every node, so tenant tables may reference it and tenant queries join it where they run;
   * `local` keeps it on the coordinator only (write-heavy tables no tenant query joins: a cache, a
   * queue). Tenant tables are always distributed by their tenant column. No effect on one server.
   */
  placement?: 'reference' | 'local';
  /** Global tables: row-level security on this column (the `tenants` table is isolated by its `id`). */
  isolatedBy?: string;
  /** Rows inserted by the migration (global reference data such as countries). */
  seed?: () => Array<Record<string, unknown>>;
}

/**
 * Phase of the `users` table: tenant tables from here on reference users of their own tenant in `created_by`/`updated_by`.
 *
 * @example
 * schemaTables.filter((t) => t.phase! >= USERS_PHASE);
 */
export const USERS_PHASE = 101;
