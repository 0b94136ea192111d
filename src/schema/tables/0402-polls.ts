import type { TableDefinition } from '../table-definition';

/** Lifecycle of a poll: prepared, accepting votes, closed, or kept for the record only. */
export const POLL_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;

/** Phase 0402: live polls of a conference, optionally tied to one session. */
export const polls: TableDefinition = {
  phase: 402,
  name: 'polls',
  kind: 'tenant',
  comment: 'Live polls of a conference, optionally run inside one session; options in poll_options',
  references: [
    { column: 'conference_id', table: 'conferences', comment: 'Conference the poll belongs to' },
    { column: 'session_id', table: 'sessions', nullable: true, comment: 'Session the poll runs in; NULL for conference-wide polls' },
  ],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'status', type: 'enum', values: POLL_STATUSES, default: 'draft' },
    { name: 'allows_multiple', type: 'boolean', default: false, comment: 'A participant may vote for several options' },
    { name: 'opens_at', type: 'timestamp', nullable: true, comment: 'Scheduled opening; NULL to open by hand' },
    { name: 'closes_at', type: 'timestamp', nullable: true, comment: 'Scheduled closing; NULL to close by hand' },
  ],
};
