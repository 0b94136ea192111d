import { SYSTEM_ROLE, TENANT_ROLE } from '../postgres-rls';
import { pgIdentifier as q } from '../postgres-sql';

/**
 * What `app-role` adds on a Citus coordinator: the two wall roles become LOGIN roles (Citus
 * propagates the ALTER ROLE to every node). Citus opens its connections to the workers as
 * `current_user`, which inside `withTenant` / `withoutTenantScope` is `tenancy_tenant` /
 * `tenancy_system`: a NOLOGIN wall role fails every statement that reaches a shard ("role … is not
 * permitted to log in", closed but unusable). Nothing else changes: still no password (set none
 * here: how Citus authenticates to its workers is the cluster's, see docs/scale-out.md), no
 * superuser, no BYPASSRLS, no CREATE*, and both roles match only their own policy.
 *
 * Why this does not widen the wall: whoever may log in as a wall role gets no more than the
 * application role already has (it may `SET ROLE` to either and pick any tenant id); the system
 * role still needs a registered key. The only new path is authentication itself, so the cluster's
 * `pg_hba.conf` must admit the wall roles only from the Citus nodes (and, with passwords, store
 * them in `pg_dist_authinfo`, which only superusers read) — the doctor's `citus-wall-logins` check
 * reports whether they can log in at all.
 *
 * @example
 * citusWallLoginStatements(); // ['ALTER ROLE "tenancy_tenant" LOGIN', 'ALTER ROLE "tenancy_system" LOGIN']
 */
export const citusWallLoginStatements = (): string[] =>
  [TENANT_ROLE, SYSTEM_ROLE].map((role) => `ALTER ROLE ${q(role)} LOGIN`);
