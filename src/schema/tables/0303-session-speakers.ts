import type { TableDefinition } from '../table-definition';

/** Parts a participant can play in a session. */
export const SESSION_SPEAKER_TYPES = ['speaker', 'moderator', 'panelist'] as const;

/** Phase 0303: junction of sessions and the participants who speak in them. */
export const sessionSpeakers: TableDefinition = {
  phase: 303,
  name: 'session_speakers',
  kind: 'tenant',
  comment: 'Who speaks in a session, in which part and order; one row per session and participant',
  references: [
    { column: 'session_id', table: 'sessions', comment: 'Session spoken in' },
    { column: 'participant_id', table: 'participants', comment: 'Participant speaking' },
  ],
  columns: [
    { name: 'type', type: 'enum', values: SESSION_SPEAKER_TYPES, default: 'speaker' },
    { name: 'order_index', type: 'int', default: 0, comment: 'Order of appearance in the session, from 0' },
    { name: 'bio', type: 'text', nullable: true, comment: 'Biography for this session; NULL to use the speaker profile' },
  ],
  uniques: [{ name: 'uq_session_speakers_tenant_session_participant', columns: ['tenant_id', 'session_id', 'participant_id'], whileLive: true }],
  indexes: [
    {
      name: 'idx_session_speakers_covering',
      columns: ['session_id', 'type'],
      // bio is deliberately not carried: in a PostgreSQL INCLUDE it makes every insert of a bio
      // over ~2.7 KB (after compression) fail with "index row size exceeds btree maximum 2704".
      include: [{ name: 'participant_id' }, { name: 'order_index' }],
    },
  ],
};
