
/**
 * Catalog reads for schema tests. The per-family queries live in src/dialect/catalog (the doctor
 * reads the schema through them too). Everything is returned sorted, so two snapshots of the same
 * schema compare equal.
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

/**
 * Everything the migrations define, for comparing two states of one database: the snapshot
 * `typeorm-tenancy rehearse` compares (TypeORM's bookkeeping tables left out).
 */
export { snapshotCatalog as snapshotSchema, type CatalogSnapshot as SchemaSnapshot } from '../../src/cli/migrate/catalog-snapshot';
