/**
 * Catalog readers: what the database says its schema is, one query per family (PostgreSQL's
 * pg_catalog on a server or PGlite; the MySQL family's information_schema). Internal: the doctor
 * and the schema tests read the schema through these.
 */
export { catalogQuery, familyOf, type CatalogFamily, type CatalogSource } from './catalog-source';
export type { ColumnInfo, ConstraintInfo, ForeignKeyInfo, IndexInfo, TableInfo, TriggerInfo } from './catalog-types';
export { listTables } from './list-tables';
export { listColumns } from './list-columns';
export { listIndexes } from './list-indexes';
export { listForeignKeys } from './list-foreign-keys';
export { listConstraints } from './list-constraints';
export { listTriggers } from './list-triggers';
export { listLooseObjects } from './list-loose-objects';
export { listRowSecurity, type PolicyInfo, type RowSecurityInfo } from './list-row-security';
export { readConnectingRole, type ConnectingRole } from './read-connecting-role';
export { readSystemAccess, type SystemAccessInfo } from './read-system-access';
export { explainTenantLookup, type TenantLookupPlan } from './explain-tenant-lookup';
export { inTenantGuard } from './in-tenant-guard';
export { withReadOnlyTransaction } from './with-read-only-transaction';
export { declaredCollation, normalizeColumnType } from './normalize-column-type';
export { foreignKeysNeedIndex, isImplicitCheck, isImplicitIndex, leadsWithKey } from './implicit-objects';
export { sameReferentialAction, setNullColumns, updateRuleOf } from './referential-actions';
export { describeIndexKind, indexKindOf, liveIndexKind, type IndexKind } from './index-form';
export { estimateTableRows, type TableRowEstimate } from './estimate-table-rows';
