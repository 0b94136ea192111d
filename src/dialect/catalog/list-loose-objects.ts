import { catalogQuery, familyOf, PG_CURRENT_SCHEMA, type CatalogSource } from './catalog-source';

/**
 * Schema objects besides tables that outlive a dropped table if a migration forgets them
 * (PostgreSQL: types, functions, sequences, views; MySQL family: routines, views, triggers), as
 * sorted `'<kind> <name>'` strings.
 *
 * @example
 * await listLooseObjects(dataSource); // ['function tenancy_system_access']
 */
export async function listLooseObjects(source: CatalogSource): Promise<string[]> {
  const rows =
    familyOf(source) === 'postgres'
      ? await catalogQuery(
          source,
          `SELECT 'type ' || t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE ${PG_CURRENT_SCHEMA} AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
           UNION ALL SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${PG_CURRENT_SCHEMA}
           UNION ALL SELECT 'relation ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE ${PG_CURRENT_SCHEMA} AND c.relkind IN ('S', 'v', 'm') AND c.relname NOT LIKE 'migrations%'`,
        )
      : await catalogQuery(
          source,
          `SELECT CONCAT('routine ', ROUTINE_NAME) AS name FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
           UNION ALL SELECT CONCAT('view ', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
           UNION ALL SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
        );
  return rows.map((r) => String(r.name)).sort();
}
