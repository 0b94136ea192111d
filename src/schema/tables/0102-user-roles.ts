import type { TableDefinition } from '../table-definition';

/** Roles a user can hold in a tenant, from most to least privileged. */
export const USER_ROLES = ['owner', 'admin', 'organizer', 'speaker', 'attendee', 'viewer'] as const;

/**
 * Phase 0102: the roles of a user in a tenant. Tenant-wide: conferences come later (0202), so a
 * narrower grant is described in `scope` instead of a foreign key.
 */
export const userRoles: TableDefinition = {
  phase: 102,
  name: 'user_roles',
  kind: 'tenant',
  comment: 'Roles granted to users within a tenant; one row per user and role',
  references: [{ column: 'user_id', table: 'users', comment: 'Holder of the role' }],
  columns: [
    { name: 'role', type: 'enum', values: USER_ROLES },
    {
      name: 'scope',
      type: 'json',
      nullable: true,
      comment: 'Optional narrowing of the grant, e.g. {"conferenceIds": [...]}; NULL for the whole tenant',
    },
    { name: 'expires_at', type: 'timestamp', nullable: true, comment: 'End of a temporary grant; NULL for no end' },
  ],
  uniques: [{ name: 'uq_user_roles_tenant_user_role', columns: ['tenant_id', 'user_id', 'role'], whileLive: true }],
};
