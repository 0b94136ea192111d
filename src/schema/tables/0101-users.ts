import type { TableDefinition } from '../table-definition';

/** Account states of a user. */
export const USER_STATUSES = ['active', 'invited', 'suspended', 'deactivated'] as const;

/** Phase 0101: users, tenant-aware; the email is unique per tenant among live users. */
export const users: TableDefinition = {
  phase: 101,
  name: 'users',
  kind: 'tenant',
  comment: 'People who sign in to a tenant; the actors of created_by/updated_by everywhere',
  columns: [
    { name: 'email', type: 'varchar(320)', comment: 'Login, unique per tenant among live users' },
    { name: 'name', type: 'varchar(200)' },
    { name: 'password_hash', type: 'varchar(255)', nullable: true, comment: 'Password hash (argon2/bcrypt); NULL for SSO-only users' },
    { name: 'phone', type: 'varchar(20)', nullable: true, comment: 'E.164' },
    { name: 'locale', type: 'varchar(10)', nullable: true, comment: 'BCP 47 language tag' },
    { name: 'status', type: 'enum', values: USER_STATUSES, default: 'active' },
    { name: 'email_verified_at', type: 'timestamp', nullable: true },
    { name: 'last_login_at', type: 'timestamp', nullable: true },
    { name: 'settings', type: 'json', nullable: true },
  ],
  uniques: [{ name: 'uq_users_tenant_email', columns: ['tenant_id', 'email'], whileLive: true }],
};
