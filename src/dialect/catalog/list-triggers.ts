import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, type CatalogSource } from './catalog-source';
import type { TriggerInfo } from './catalog-types';

/**
 * User triggers of the current schema/database (PostgreSQL internal constraint triggers left out),
 * sorted by table and name.
 *
 * @example
 * (await listTriggers(dataSource)).filter((t) => t.table === 'sessions' && t.timing === 'BEFORE');
 */
export async function listTriggers(source: CatalogSource): Promise<TriggerInfo[]> {
  const rows =
    familyOf(source) === 'postgres'
      ? await catalogQuery(
          source,
          `SELECT c.relname AS tbl, t.tgname AS name, '' AS timing, '' AS event, pg_get_triggerdef(t.oid) AS statement
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${PG_CURRENT_SCHEMA} AND NOT t.tgisinternal`,
        )
      : await catalogQuery(
          source,
          `SELECT EVENT_OBJECT_TABLE AS tbl, TRIGGER_NAME AS name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event,
                  ACTION_STATEMENT AS statement
           FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
        );
  return rows
    .map((r) => ({ table: String(r.tbl), name: String(r.name), timing: String(r.timing), event: String(r.event), statement: String(r.statement) }))
    .sort(byKey((t) => `${t.table}\0${t.name}`));
}
