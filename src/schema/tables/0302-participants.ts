import { NOW, type TableDefinition } from '../table-definition';

/** Kinds of conference participant. */
export const PARTICIPANT_TYPES = ['attendee', 'speaker', 'organizer', 'sponsor', 'media'] as const;
/** Registration statuses of a participant. */
export const PARTICIPANT_STATUSES = ['pending', 'registered', 'waitlisted', 'cancelled', 'attended', 'no_show'] as const;

/** Phase 0302: the people registered for a conference. */
export const participants: TableDefinition = {
  phase: 302,
  name: 'participants',
  kind: 'tenant',
  comment: 'People registered for a conference (attendees, speakers, organizers, …); one live row per conference and email',
  references: [
    { column: 'conference_id', table: 'conferences', comment: 'Conference registered for' },
    { column: 'user_id', table: 'users', nullable: true, comment: 'Account of the participant; NULL for guests without one' },
  ],
  columns: [
    { name: 'email', type: 'varchar(320)', comment: 'Contact address, unique per conference among live participants' },
    { name: 'name', type: 'varchar(200)' },
    { name: 'type', type: 'enum', values: PARTICIPANT_TYPES, default: 'attendee' },
    { name: 'status', type: 'enum', values: PARTICIPANT_STATUSES, default: 'registered' },
    { name: 'registered_at', type: 'timestamp', default: NOW },
    { name: 'checked_in_at', type: 'timestamp', nullable: true, comment: 'Arrival at the conference; NULL until checked in' },
    { name: 'metadata', type: 'json', nullable: true, comment: 'Answers to registration questions and similar' },
  ],
  uniques: [{ name: 'uq_participants_tenant_conference_email', columns: ['tenant_id', 'conference_id', 'email'], whileLive: true }],
};
