import type { QueryRunner } from 'typeorm';
import { detectCitusProfile } from '../dialect/citus/citus-profile';
import { dialectOf } from '../dialect/dialect-of';
import type { IndexDefinition, TableDefinition, TenantReference, UniqueDefinition } from '../schema/table-definition';
import { shapeOf, type TableShape } from '../schema/table-shape';
import { recordGeneratedColumn } from './create-defined-table';

/**
 * What `definition` with `change` applied has that `definition` has not: the statements of a
 * change, from the same shape the table was created from.
 */
function added(queryRunner: QueryRunner, definition: TableDefinition, change: Partial<TableDefinition>): { before: TableShape; after: TableShape } {
  const d = dialectOf(queryRunner.connection);
  const merged: TableDefinition = {
    ...definition,
    references: [...(definition.references ?? []), ...(change.references ?? [])],
    uniques: [...(definition.uniques ?? []), ...(change.uniques ?? [])],
    indexes: [...(definition.indexes ?? []), ...(change.indexes ?? [])],
  };
  return { before: shapeOf(definition, d), after: shapeOf(merged, d) };
}

async function apply(queryRunner: QueryRunner, { before, after }: { before: TableShape; after: TableShape }): Promise<void> {
  const d = dialectOf(queryRunner.connection);
  const q = d.quote;
  const t = q(after.name);
  const statements: string[] = [];
  for (const column of after.columns.filter((c) => !before.columns.some((b) => b.name === c.name))) {
    statements.push(`ALTER TABLE ${t} ADD ${column.sql}`, ...(column.spec.comment ? d.columnComment(after.name, column.name, column.spec.comment) : []));
  }
  for (const key of after.foreignKeys.filter((f) => !before.foreignKeys.some((b) => b.name === f.name))) statements.push(`ALTER TABLE ${t} ADD ${key.sql}`);
  statements.push(...after.triggers.filter((s) => !before.triggers.includes(s)));
  statements.push(...after.indexes.filter((i) => !before.indexes.some((b) => b.name === i.name)).map((i) => i.sql));
  for (const sql of statements) await queryRunner.query(sql);
}

/**
 * Adds an in-tenant reference to an existing tenant table of `definition`: the column (uuid; NULL
 * allowed when optional), the key (required: composite `(tenant_id, column) → parent (tenant_id,
 * id)` ON DELETE CASCADE; optional: the dialect's SET NULL form with its triggers on the MySQL
 * family) and its lookup index. Put the same reference into the definition your entity uses.
 * A required reference on a table with rows needs the column filled first: add it optional,
 * backfill, then make it required in a later migration.
 *
 * @example
 * await addTenantReference(queryRunner, notes, { column: 'author_id', table: 'users', nullable: true });
 */
export async function addTenantReference(queryRunner: QueryRunner, definition: TableDefinition, reference: TenantReference): Promise<void> {
  await detectCitusProfile(queryRunner);
  await apply(queryRunner, added(queryRunner, definition, { references: [reference] }));
}

/**
 * Adds a unique key to an existing table of `definition` (tenant tables: it must contain the
 * tenant column; `whileLive` adds the marker column and makes it unique among live rows only).
 *
 * @example
 * await addTenantUnique(queryRunner, notes, { name: 'uq_notes_slug', columns: ['tenant_id', 'slug'], whileLive: true });
 */
export async function addTenantUnique(queryRunner: QueryRunner, definition: TableDefinition, unique: UniqueDefinition): Promise<void> {
  await detectCitusProfile(queryRunner);
  const change = added(queryRunner, definition, { uniques: [unique] });
  await apply(queryRunner, change);
  const marker = change.after.columns.find((c) => c.generated !== undefined && !change.before.columns.some((b) => b.name === c.name));
  if (marker) await recordGeneratedColumn(queryRunner, change.after.name, marker);
}

/**
 * Adds an index to an existing table of `definition`, in the dialect's form (full-text, covering
 * and partial indexes included).
 *
 * @example
 * await addTenantIndex(queryRunner, notes, { name: 'idx_notes_tenant_status', columns: ['tenant_id', 'status'] });
 */
export async function addTenantIndex(queryRunner: QueryRunner, definition: TableDefinition, index: IndexDefinition): Promise<void> {
  await detectCitusProfile(queryRunner);
  await apply(queryRunner, added(queryRunner, definition, { indexes: [index] }));
}
