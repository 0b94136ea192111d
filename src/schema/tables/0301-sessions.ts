import type { TableDefinition } from '../table-definition';

/** Kinds of conference session. */
export const SESSION_TYPES = ['keynote', 'talk', 'workshop', 'panel', 'break', 'networking'] as const;
/** Session statuses. */
export const SESSION_STATUSES = ['draft', 'scheduled', 'live', 'completed', 'cancelled'] as const;

/** Phase 0301: the sessions of a conference (HTTP sessions are `web_sessions`). */
export const sessions: TableDefinition = {
  phase: 301,
  name: 'sessions',
  kind: 'tenant',
  comment: 'Sessions of a conference schedule: keynotes, talks, workshops, panels, breaks',
  references: [
    { column: 'conference_id', table: 'conferences', comment: 'Conference the session belongs to' },
    { column: 'program_id', table: 'programs', nullable: true, comment: 'Program or track; NULL for sessions outside any program' },
    { column: 'venue_id', table: 'venues', nullable: true, comment: 'Venue if not the conference venue; NULL to use the conference venue' },
  ],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'type', type: 'enum', values: SESSION_TYPES, default: 'talk' },
    { name: 'status', type: 'enum', values: SESSION_STATUSES, default: 'draft' },
    { name: 'start_time', type: 'timestamp', comment: 'Start instant (UTC); shown in the conference time zone' },
    { name: 'end_time', type: 'timestamp', comment: 'End instant (UTC)' },
    { name: 'room', type: 'varchar(100)', nullable: true, comment: 'Room within the venue, free text' },
    { name: 'capacity', type: 'int', nullable: true, comment: 'Seats; NULL for the room or venue capacity' },
  ],
  indexes: [{ name: 'idx_tenant_conference_session', columns: ['tenant_id', 'conference_id', 'start_time'] }],
};
