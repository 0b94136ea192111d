// What the session layer does with `withoutTenantScope` when it has no system key (issue 15).

import { SYSTEM_ROLE, TENANT_ROLE } from '../postgres-rls';

/**
 * Whether the role statements run as may do system work without a key, in one catalog read: a
 * superuser or BYPASSRLS role (the wall does not hold it), or one that owns a table here (the
 * owner running migrations or the doctor: DDL and catalog reads are its system work, and it needs
 * no key for them). Anyone else is the application role, for which a statement without the key
 * would read no tenant row and write none: it is refused instead. The role is `current_user`
 * (PGlite's `username` and a login role that `SET ROLE`s to the owner show there), or
 * `session_user` while a wall role is entered for the transaction.
 *
 * @example
 * client.query(KEYLESS_SYSTEM_PROBE, (error, result) => { exempt = result.rows[0].exempt; });
 */
export const KEYLESS_SYSTEM_PROBE =
  `SELECT r.rolname::text AS role, r.rolsuper OR r.rolbypassrls OR EXISTS (` +
  `SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') ` +
  `AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND pg_has_role(r.oid, c.relowner, 'USAGE')) AS exempt ` +
  `FROM pg_roles r WHERE r.rolname = CASE WHEN current_user IN ('${TENANT_ROLE}', '${SYSTEM_ROLE}') THEN session_user ELSE current_user END`;

/**
 * What one connection knows about its login role and keyless system work: `undefined` until the
 * probe answered; then whether such statements are refused, and the role's name for the message.
 *
 * @example
 * const standing: KeylessStanding = { refused: true, role: 'app' };
 */
export type KeylessStanding = { refused: boolean; role: string } | undefined;
