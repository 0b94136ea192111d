import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../dialect/dialect';
import { dialectOf } from '../dialect/dialect-of';
import { resolveColumn } from '../schema/column-shape';
import type { ColumnSpec } from '../schema/table-definition';
import type { TenantTableDefinition } from '../schema/tenant-table';
import { createDefinedTable } from './create-defined-table';

export type { ColumnSpec } from '../schema/table-definition';
export { timestampColumns } from '../schema/standard-columns';

/** A table of {@link createTable}: exactly these columns, and raw table constraints. */
export interface TableSpec {
  name: string;
  comment: string;
  columns: readonly ColumnSpec[];
  /** Table constraints, e.g. `CONSTRAINT "pk_x" PRIMARY KEY ("id")`, built with the dialect. */
  constraints?: (d: Dialect) => string[];
}

/**
 * Creates a table with exactly the given documented columns on either dialect (comments inline on
 * the MySQL family, `COMMENT ON` on PostgreSQL). For a tenant table use {@link createTenantTable}.
 *
 * @example
 * await createTable(queryRunner, { name: 'notes', comment: 'Free notes', columns: [
 *   { name: 'id', type: 'uuid' }, { name: 'body', type: 'text', comment: 'Markdown' }],
 *   constraints: (d) => [`CONSTRAINT ${d.quote('pk_notes')} PRIMARY KEY (${d.quote('id')})`] });
 */
export async function createTable(queryRunner: QueryRunner, spec: TableSpec): Promise<void> {
  const d = dialectOf(queryRunner.connection);
  const q = d.quote;
  const body = [...spec.columns.map((c) => resolveColumn(d, c).sql), ...(spec.constraints?.(d) ?? [])].join(',\n  ');
  await queryRunner.query(`CREATE TABLE ${q(spec.name)} (\n  ${body}\n)${d.tableSuffix(spec.comment)}`);
  const comments = [
    ...d.tableComment(spec.name, spec.comment),
    ...spec.columns.flatMap((c) => (c.comment ? d.columnComment(spec.name, c.name, c.comment) : [])),
  ];
  for (const sql of comments) await queryRunner.query(sql);
}

/** What {@link createTenantTable} takes: a tenant table's definition, plus raw extra constraints if you need them. */
export type TenantTableSpec = TenantTableDefinition & {
  kind?: 'tenant';
  /** Raw extra table constraints (escape hatch; the doctor checks what they do). */
  constraints?: (d: Dialect) => string[];
};

/**
 * Creates a tenant table with the whole pattern of the bundled schema: UUIDv7 `id`, the tenant
 * column (`tenant_id` unless `tenantColumn` says otherwise) NOT NULL referencing `tenants` ON DELETE
 * CASCADE (no ON UPDATE action: `tenants.id` is immutable), your columns, the audit and
 * soft-delete columns of `TenantAwareEntity`, the unique key `(tenant_id, id)` that in-tenant
 * references point at; each of `references` as an in-tenant key (required: composite foreign key
 * ON DELETE CASCADE; optional: the dialect's safe SET NULL form) with its lookup index; `uniques`
 * (which must contain the tenant column; `whileLive` for unique among live rows); the generic
 * indexes (`idx_tenant_status_date`, `idx_chronological`, …) and your `indexes`; comments; and on
 * PostgreSQL row-level security (needs migration 0099). Give the same definition to the entity
 * (`@DefinedEntity(definition)`) and `migration:generate` finds nothing to change.
 *
 * @example
 * export const notes = tenantTable({ name: 'notes', comment: 'Free notes', columns: [{ name: 'title', type: 'varchar(200)' }] });
 * await createTenantTable(queryRunner, notes);
 */
export async function createTenantTable(queryRunner: QueryRunner, spec: TenantTableSpec): Promise<void> {
  const { constraints, ...definition } = spec;
  await createDefinedTable(queryRunner, { ...definition, kind: 'tenant' }, constraints);
}

// Drops live in drop-table.ts (refused while the table holds rows); exported here as before.
export {
  ALLOW_DROP_WITH_ROWS_ENV,
  assertDropAllowed,
  dropTable,
  dropWithRowsAllowed,
  inDropTransaction,
  type DropTableOptions,
  type IgnoredRows,
  type ProbedTable,
} from './drop-table';
