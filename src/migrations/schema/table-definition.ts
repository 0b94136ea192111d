import type { ColumnSpec } from '../ddl';

/** A reference from a tenant row to another row of the same tenant. Adds the column too. */
export interface TenantReference {
  /** Column in this table, e.g. `conference_id`. */
  column: string;
  /** Parent table (tenant-aware), e.g. `conferences`. */
  table: string;
  /** Optional reference: the column is nullable and becomes NULL when the parent is deleted. */
  nullable?: boolean;
  comment?: string;
}

/** A unique key. Every unique key of a tenant table must include `tenant_id` (checked). */
export interface UniqueDefinition {
  name: string;
  columns: string[];
  /** Unique among live (not soft-deleted) rows only. */
  whileLive?: boolean;
}

/** A named index. Exactly one of the optional shapes, or none for a plain index. */
export interface IndexDefinition {
  name: string;
  columns: string[];
  /** Covering index: extra columns carried in the index (PostgreSQL INCLUDE). */
  include?: { name: string; text?: boolean }[];
  /** Partial index on `column IN (values)`. */
  where?: { column: string; values: string[] };
  /** Full-text index over `columns`. */
  fulltext?: boolean;
}

/** A table of the bundled schema, in the order of its 4-digit phase. */
export interface TableDefinition {
  /** Phase number, e.g. 202 for `Phase0202…`; unique across the schema. */
  phase: number;
  name: string;
  /** What the table is for (becomes the table comment and docs/schema.md). */
  comment: string;
  /** Business columns; the standard ones (`id`, `tenant_id`, audit, timestamps) are added. */
  columns: ColumnSpec[];
  /** `tenant`: a business table (TenantAwareEntity); `global`: reference/system data (no tenant). */
  kind: 'tenant' | 'global';
  references?: TenantReference[];
  uniques?: UniqueDefinition[];
  indexes?: IndexDefinition[];
  /** Global tables: add `created_at`/`updated_at`/`deleted_at`. Default true. */
  timestamps?: boolean;
  /** Global tables: primary key columns when it is not a UUIDv7 `id`. */
  primaryKey?: string[];
  /** Rows inserted by the migration (global reference data such as countries). */
  seed?: () => Array<Record<string, unknown>>;
}

/** Phase of the `users` table: tenant tables from here on reference users of their own tenant in `created_by`/`updated_by`. */
export const USERS_PHASE = 101;
