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
  const keys = `${PRIVATE_SCHEMA}.${SYSTEM_KEYS_TABLE}`;
  // to_regclass/to_regnamespace give NULL (not an error) when migration 0099 has not run.
  const [row] = await catalogQuery(
    source,
    `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            COALESCE(has_schema_privilege(current_user, to_regnamespace($1)::oid, 'USAGE')
                     AND has_table_privilege(current_user, to_regclass($2)::oid, 'INSERT, UPDATE'), false) AS writable
     FROM pg_roles r WHERE r.rolname = current_user`,
    [PRIVATE_SCHEMA, keys],
  );
  return { name: String(row.name), superuser: Boolean(row.superuser), bypassRls: Boolean(row.bypass), systemKeysWritable: Boolean(row.writable) };
}
