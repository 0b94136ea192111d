import { PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE, SYSTEM_ROLE, TENANT_ROLE } from '../postgres-rls';
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
  /** Wall roles (`tenancy_tenant`, `tenancy_system`) that do not exist: migration 0099 has not run. */
  missingWallRoles: string[];
  /** Wall roles it is a member of, so it can switch to them (`set_config('role', …)`). */
  memberOfWallRoles: string[];
  /** Wall roles whose privileges, and so policies, it has as itself: it must have none (NOINHERIT). */
  inheritedWallRoles: string[];
  /** Whether it may create temporary tables in this database (directly or through PUBLIC). */
  temporary: boolean;
}

/**
 * The connecting role's attributes that decide whether row-level security binds it, its standing
 * towards the two wall roles, and whether it may leave temporary tables behind on a pooled
 * connection; `null` on the MySQL family, which has no row-level security. (Table ownership:
 * `listRowSecurity`.) Read it as the login role, before any switch to a wall role.
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
                      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2), false) AS writable,
            ARRAY(SELECT w FROM unnest($3::text[]) w WHERE NOT EXISTS (SELECT FROM pg_roles x WHERE x.rolname = w))::text[] AS missing,
            ARRAY(SELECT x.rolname FROM pg_roles x WHERE x.rolname = ANY ($3::text[]) AND pg_has_role(current_user, x.oid, 'MEMBER') ORDER BY 1)::text[] AS member,
            ARRAY(SELECT x.rolname FROM pg_roles x WHERE x.rolname = ANY ($3::text[]) AND pg_has_role(current_user, x.oid, 'USAGE') ORDER BY 1)::text[] AS inherited,
            has_database_privilege(current_user, current_database(), 'TEMP') AS temporary
     FROM pg_roles r WHERE r.rolname = current_user`,
    [PRIVATE_SCHEMA, SYSTEM_KEYS_TABLE, [TENANT_ROLE, SYSTEM_ROLE]],
  );
  return {
    name: String(row.name),
    superuser: Boolean(row.superuser),
    bypassRls: Boolean(row.bypass),
    systemKeysWritable: Boolean(row.writable),
    missingWallRoles: row.missing as string[],
    memberOfWallRoles: row.member as string[],
    inheritedWallRoles: row.inherited as string[],
    temporary: Boolean(row.temporary),
  };
}
