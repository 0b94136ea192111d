import type { DataSource } from 'typeorm';
import * as catalog from '../../src/dialect/catalog';

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
  tables: catalog.TableInfo[];
  columns: catalog.ColumnInfo[];
  indexes: catalog.IndexInfo[];
  foreignKeys: catalog.ForeignKeyInfo[];
  constraints: catalog.ConstraintInfo[];
  triggers: catalog.TriggerInfo[];
  loose: string[];
}

/** A snapshot of the schema; `exclude` leaves tables out (default: TypeORM's `migrations`). */
export async function snapshotSchema(ds: DataSource, exclude: readonly string[] = ['migrations']): Promise<SchemaSnapshot> {
  const keep = <T extends { table: string }>(rows: T[]) => rows.filter((r) => !exclude.includes(r.table));
  return {
    tables: (await catalog.listTables(ds)).filter((t) => !exclude.includes(t.name)),
    columns: keep(await catalog.listColumns(ds)),
    indexes: keep(await catalog.listIndexes(ds)),
    foreignKeys: keep(await catalog.listForeignKeys(ds)),
    constraints: keep(await catalog.listConstraints(ds)),
    triggers: keep(await catalog.listTriggers(ds)),
    loose: await catalog.listLooseObjects(ds),
  };
}
