import type { DataSource } from 'typeorm';
import {
  listColumns,
  listConstraints,
  listForeignKeys,
  listIndexes,
  listLooseObjects,
  listTables,
  listTriggers,
  type ColumnInfo,
  type ConstraintInfo,
  type ForeignKeyInfo,
  type IndexInfo,
  type TableInfo,
  type TriggerInfo,
} from '../../src/dialect/catalog';

/**
 * Catalog reads for schema tests. The per-family queries live in src/dialect/catalog (the doctor
 * reads the schema through them too); this adds the snapshot that compares two states of one
 * database. Everything is returned sorted, so two snapshots of the same schema compare equal.
 */

export {
  familyOf,
  listColumns,
  listConstraints,
  listForeignKeys,
  listIndexes,
  listLooseObjects,
  listTables,
  listTriggers,
  type CatalogFamily as Family,
  type ColumnInfo,
  type ConstraintInfo,
  type ForeignKeyInfo,
  type IndexInfo,
  type TableInfo,
  type TriggerInfo,
} from '../../src/dialect/catalog';

/** Everything the migrations define, for comparing two states of one database. */
export interface SchemaSnapshot {
  tables: TableInfo[];
  columns: ColumnInfo[];
  indexes: IndexInfo[];
  foreignKeys: ForeignKeyInfo[];
  constraints: ConstraintInfo[];
  triggers: TriggerInfo[];
  loose: string[];
}

/** A snapshot of the schema; `exclude` leaves tables out (default: TypeORM's `migrations`). */
export async function snapshotSchema(ds: DataSource, exclude: readonly string[] = ['migrations']): Promise<SchemaSnapshot> {
  const keep = <T extends { table: string }>(rows: T[]) => rows.filter((r) => !exclude.includes(r.table));
  return {
    tables: (await listTables(ds)).filter((t) => !exclude.includes(t.name)),
    columns: keep(await listColumns(ds)),
    indexes: keep(await listIndexes(ds)),
    foreignKeys: keep(await listForeignKeys(ds)),
    constraints: keep(await listConstraints(ds)),
    triggers: keep(await listTriggers(ds)),
    loose: await listLooseObjects(ds),
  };
}
