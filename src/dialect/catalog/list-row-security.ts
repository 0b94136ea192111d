import { byKey, catalogQuery, familyOf, PG_CURRENT_SCHEMA, str, type CatalogSource } from './catalog-source';

/** A row-level-security policy on a table (PostgreSQL `pg_policy`). */
export interface PolicyInfo {
  name: string;
  /** `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`. */
  command: string;
  /** Permissive policies are OR-ed together; restrictive ones AND-ed on top. */
  permissive: boolean;
  /** Roles it applies to; `public` for every role. */
  roles: string[];
  /** The `USING` expression (rows visible and affected), or null. */
  using: string | null;
  /** The `WITH CHECK` expression (rows written), or null. */
  withCheck: string | null;
}

/** Row-level-security state of one base table. */
export interface RowSecurityInfo {
  table: string;
  /** `ENABLE ROW LEVEL SECURITY`. */
  enabled: boolean;
  /** `FORCE ROW LEVEL SECURITY`: the owner is subject to the policies too. */
  forced: boolean;
  /** Owning role. */
  owner: string;
  /** Whether the connecting role is the owner or a member of it (and so may change or drop the policies). */
  ownedByCurrentUser: boolean;
  /** Whether the connecting role may TRUNCATE it, which row-level security does not cover. */
  truncatableByCurrentUser: boolean;
  policies: PolicyInfo[];
}

const COMMANDS: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/**
 * Row-level-security flags, owner and policies of every base table of the current schema, sorted
 * by table; `null` on the MySQL family, which has no row-level security.
 *
 * @example
 * const rls = await listRowSecurity(dataSource);
 * rls?.find((t) => t.table === 'notes')?.forced; // true
 */
export async function listRowSecurity(source: CatalogSource): Promise<RowSecurityInfo[] | null> {
  if (familyOf(source) !== 'postgres') return null;
  const tables = await catalogQuery(
    source,
    `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
            pg_get_userbyid(c.relowner) AS owner, pg_has_role(current_user, c.relowner, 'MEMBER') AS owned,
            has_table_privilege(current_user, c.oid, 'TRUNCATE') AS truncatable
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${PG_CURRENT_SCHEMA} AND c.relkind IN ('r', 'p')`,
  );
  const policies = await catalogQuery(
    source,
    `SELECT c.relname AS table, p.polname AS name, p.polcmd AS command, p.polpermissive AS permissive,
            ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END FROM unnest(p.polroles) r)::text[] AS roles,
            pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
     FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${PG_CURRENT_SCHEMA} ORDER BY c.relname, p.polname`,
  );
  return tables
    .map((t) => ({
      table: String(t.table),
      enabled: Boolean(t.enabled),
      forced: Boolean(t.forced),
      owner: String(t.owner),
      ownedByCurrentUser: Boolean(t.owned),
      truncatableByCurrentUser: Boolean(t.truncatable),
      policies: policies
        .filter((p) => p.table === t.table)
        .map((p) => ({
          name: String(p.name),
          command: COMMANDS[String(p.command)] ?? String(p.command),
          permissive: Boolean(p.permissive),
          roles: p.roles as string[],
          using: str(p.using),
          withCheck: str(p.with_check),
        })),
    }))
    .sort(byKey((t) => t.table));
}
