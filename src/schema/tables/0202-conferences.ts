import type { TableDefinition } from '../table-definition';

/** Conference statuses; `published` and `ongoing` are the "active" ones of idx_active_conferences. */
export const CONFERENCE_STATUSES = ['draft', 'published', 'ongoing', 'completed', 'cancelled', 'archived'] as const;

/** Phase 0202: conferences, the centre of the conference core. */
export const conferences: TableDefinition = {
  phase: 202,
  name: 'conferences',
  kind: 'tenant',
  comment: 'A conference of a tenant: dates, capacity, visibility; parent of programs and sessions',
  references: [{ column: 'venue_id', table: 'venues', nullable: true, comment: 'Where it takes place; NULL for online-only or not yet chosen' }],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'slug', type: 'varchar(100)', comment: 'URL handle, unique per tenant among live conferences' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'status', type: 'enum', values: CONFERENCE_STATUSES, default: 'draft' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
    { name: 'timezone', type: 'varchar(64)', default: 'UTC', comment: 'IANA time zone of the schedule' },
    { name: 'max_participants', type: 'int', nullable: true, comment: 'Capacity; NULL for unlimited' },
    { name: 'is_public', type: 'boolean', default: false, comment: 'Listed publicly (not only to invited participants)' },
    { name: 'settings', type: 'json', nullable: true, comment: 'Conference configuration document' },
  ],
  uniques: [{ name: 'unique_tenant_slug', columns: ['tenant_id', 'slug'], whileLive: true }],
  indexes: [
    { name: 'idx_conferences_tenant', columns: ['tenant_id'] },
    { name: 'idx_conferences_tenant_status', columns: ['tenant_id', 'status'] },
    { name: 'idx_conferences_tenant_start', columns: ['tenant_id', 'start_date'] },
    { name: 'idx_conferences_public_status', columns: ['is_public', 'status'] },
    { name: 'idx_conferences_created', columns: ['created_at'] },
    { name: 'idx_conference_search', columns: ['tenant_id', 'status', 'start_date', 'max_participants'] },
    {
      name: 'idx_conference_list_covering',
      columns: ['tenant_id', 'status', 'start_date'],
      include: [{ name: 'id' }, { name: 'title' }, { name: 'max_participants' }, { name: 'created_at' }],
    },
    { name: 'idx_active_conferences', columns: ['tenant_id', 'start_date'], where: { column: 'status', values: ['published', 'ongoing'] } },
  ],
};
