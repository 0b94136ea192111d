import { PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE } from '../postgres-rls';
import { catalogQuery, familyOf, type CatalogSource } from './catalog-source';

/** What row-level security makes of the role a connection runs as (PostgreSQL `current_user`). */
export interface ConnectingRole {
  name: string;
  /** Superusers bypass row-level security, forced or not. */
  superuser: boolean;
  /** `BYPASSRLS` roles bypass it too. */
  bypassRls: boolean;
  /**
   * Whether the role can add or change rows of the private system-key table, i.e. register a key
   * of its own and lift the wall with ordinary SQL.
   */
  systemKeysWritable: boolean;
}

/**
 * The connecting role's attributes that decide whether row-level security binds it; `null` on the
 * MySQL family, which has no row-level security. (Table ownership: `listRowSecurity`.)
 *
 * @example
 * const role = await readConnectingRole(dataSource);
 * if (role?.superuser || role?.bypassRls) console.warn(`${role.name} is not held by row-level security`);
 */
export async function readConnectingRole(source: CatalogSource): Promise<ConnectingRole | null> {
  if (familyOf(source) !== 'postgres') return null;
  // Looked up in pg_class, not with to_regclass: naming a schema the role may not use is an error.
  const [row] = await catalogQuery(
    source,
    `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            COALESCE((SELECT has_schema_privilege(current_user, n.oid, 'USAGE') AND has_table_privilege(current_user, c.oid, 'INSERT, UPDATE')
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2), false) AS writable
     FROM pg_roles r WHERE r.rolname = current_user`,
    [PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE],
  );
  return { name: String(row.name), superuser: Boolean(row.superuser), bypassRls: Boolean(row.bypass), systemKeysWritable: Boolean(row.writable) };
}
