import type { TableDefinition } from '../table-definition';

/** Phase 0205: speaker profiles of a tenant, reused across conferences. */
export const speakers: TableDefinition = {
  phase: 205,
  name: 'speakers',
  kind: 'tenant',
  comment: 'Speaker profiles of a tenant, reused across conferences; optionally linked to a user account',
  references: [{ column: 'user_id', table: 'users', nullable: true, comment: 'Account of the speaker; NULL for speakers without one' }],
  columns: [
    { name: 'name', type: 'varchar(200)' },
    { name: 'email', type: 'varchar(320)', comment: 'Contact address, unique per tenant among live speakers' },
    { name: 'bio', type: 'text', nullable: true, comment: 'Biography (Markdown)' },
    { name: 'company', type: 'varchar(200)', nullable: true },
    { name: 'job_title', type: 'varchar(200)', nullable: true },
    { name: 'photo_url', type: 'varchar(2048)', nullable: true },
    { name: 'social_links', type: 'json', nullable: true, comment: 'Profile links by network, e.g. {"github": "https://…"}' },
  ],
  uniques: [{ name: 'uq_speakers_tenant_email', columns: ['tenant_id', 'email'], whileLive: true }],
};
