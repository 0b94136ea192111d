import type { TableDefinition } from '../table-definition';

/** Connection state of a display screen, as last reported by its player. */
export const DISPLAY_SCREEN_STATUSES = ['online', 'offline', 'maintenance'] as const;

/** Phase 0601: signage screens at a conference. */
export const displayScreens: TableDefinition = {
  phase: 601,
  name: 'display_screens',
  kind: 'tenant',
  comment: 'Signage screens of a conference (room displays, lobby boards) and their last heartbeat',
  references: [
    { column: 'conference_id', table: 'conferences', comment: 'Conference the screen is used at' },
    { column: 'venue_id', table: 'venues', nullable: true, comment: 'Venue the screen stands in; NULL if not tied to one' },
  ],
  columns: [
    { name: 'name', type: 'varchar(200)' },
    { name: 'location', type: 'varchar(200)', nullable: true, comment: 'Where in the venue, e.g. Hall A entrance' },
    { name: 'status', type: 'enum', values: DISPLAY_SCREEN_STATUSES, default: 'offline' },
    { name: 'resolution', type: 'varchar(20)', nullable: true, comment: 'Pixels as WIDTHxHEIGHT, e.g. 1920x1080' },
    { name: 'last_seen_at', type: 'timestamp', nullable: true, comment: 'Last heartbeat of the screen player' },
  ],
};
