import type { TableDefinition } from '../table-definition';

/**
 * Conference statuses; `published` and `ongoing` are the "active" ones of idx_active_conferences.
 *
 * @example
 * CONFERENCE_STATUSES[0]; // 'draft'
 */
export const CONFERENCE_STATUSES = ['draft', 'published', 'ongoing', 'completed', 'cancelled', 'archived'] as const;

/**
 * Phase 0202: conferences, the centre of the conference core.
 *
 * @example
 * shapeOf(conferences, postgresDialect).columns.length;
 */
export const conferences: TableDefinition = {
  phase: 202,
  name: 'conferences',
  kind: 'tenant',
  comment: 'A conference of a tenant: dates, capacity, visibility; parent of programs and sessions',
  references: [{ column: 'venue_id', table: 'venues', nullable: true, comment: 'Where it takes place; NULL for online-only or not yet chosen' }],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'subtitle', type: 'varchar(255)', nullable: true },
    { name: 'slug', type: 'varchar(100)', comment: 'URL handle, unique per tenant among live conferences' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'status', type: 'enum', values: CONFERENCE_STATUSES, default: 'draft' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
    { name: 'start_time', type: 'time', nullable: true, comment: 'Daily start, local to timezone' },
    { name: 'end_time', type: 'time', nullable: true, comment: 'Daily end, local to timezone' },
    { name: 'registration_start', type: 'timestamp', nullable: true, comment: 'Registration opens; NULL: open now' },
    { name: 'registration_end', type: 'timestamp', nullable: true, comment: 'Registration closes; NULL: until the start' },
    { name: 'timezone', type: 'varchar(64)', default: 'UTC', comment: 'IANA time zone of the schedule' },
    { name: 'max_participants', type: 'int', nullable: true, comment: 'Capacity; NULL for unlimited' },
    { name: 'is_public', type: 'boolean', default: false, comment: 'Listed publicly (not only to invited participants)' },
    { name: 'logo', type: 'varchar(2048)', nullable: true, comment: 'Logo image URL' },
    { name: 'banner', type: 'varchar(2048)', nullable: true, comment: 'Banner image URL' },
    { name: 'website_url', type: 'varchar(2048)', nullable: true },
    { name: 'social_links', type: 'json', nullable: true, comment: 'Network name → URL' },
    { name: 'contact_info', type: 'json', nullable: true, comment: 'Organiser contact: email, phone, address' },
    { name: 'tags', type: 'json', nullable: true, comment: 'Array of keywords' },
    { name: 'settings', type: 'json', nullable: true, comment: 'Conference configuration document' },
  ],
  uniques: [{ name: 'unique_tenant_slug', columns: ['tenant_id', 'slug'], whileLive: true }],
  // Left out of the seed's list as redundant: (tenant_id) and (tenant_id, status) are left prefixes of
  // idx_conference_search, and (created_at) is the generic idx_chronological.
  indexes: [
    { name: 'idx_conferences_tenant_start', columns: ['tenant_id', 'start_date'] },
    { name: 'idx_conferences_public_status', columns: ['is_public', 'status'] },
    { name: 'idx_conference_search', columns: ['tenant_id', 'status', 'start_date', 'max_participants'] },
    {
      name: 'idx_conference_list_covering',
      columns: ['tenant_id', 'status', 'start_date'],
      include: [{ name: 'id' }, { name: 'title' }, { name: 'max_participants' }, { name: 'created_at' }],
    },
    { name: 'idx_active_conferences', columns: ['tenant_id', 'start_date'], where: { column: 'status', values: ['published', 'ongoing'] } },
    { name: 'idx_conference_content', columns: ['title', 'subtitle', 'description'], fulltext: true },
    { name: 'idx_conference_english', columns: ['title', 'subtitle', 'description'], fulltext: true, language: 'english' },
  ],
};
