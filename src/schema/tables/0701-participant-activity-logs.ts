import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0701: append-only log of what participants do (check-ins, views, downloads). */
export const participantActivityLogs: TableDefinition = {
  phase: 701,
  name: 'participant_activity_logs',
  kind: 'tenant',
  comment: 'Append-only log of participant actions at a conference (check-ins, session views, downloads) for analytics',
  references: [
    { column: 'conference_id', table: 'conferences', comment: 'Conference the action happened at' },
    { column: 'participant_id', table: 'participants', comment: 'Participant who acted' },
    { column: 'session_id', table: 'sessions', nullable: true, comment: 'Session the action concerns, if any' },
  ],
  columns: [
    { name: 'action', type: 'varchar(100)', comment: 'Action key, e.g. session.check_in or document.download' },
    { name: 'metadata', type: 'json', nullable: true, comment: 'Action details (device, referrer, ids)' },
    { name: 'ip_address', type: 'varchar(45)', nullable: true, comment: 'Client IPv4/IPv6 address; personal data, keep only as long as needed' },
    { name: 'user_agent', type: 'varchar(512)', nullable: true, comment: 'Client User-Agent header' },
    { name: 'occurred_at', type: 'timestamp', default: NOW, comment: 'When the action happened (may precede created_at for offline clients)' },
  ],
  indexes: [
    { name: 'idx_activity_conference_occurred', columns: ['conference_id', 'occurred_at'] },
    { name: 'idx_activity_participant_occurred', columns: ['participant_id', 'occurred_at'] },
    { name: 'idx_activity_session_occurred', columns: ['session_id', 'occurred_at'] },
    { name: 'idx_activity_action', columns: ['action'] },
    { name: 'idx_activity_occurred', columns: ['occurred_at'] },
    { name: 'idx_activity_conference_created', columns: ['conference_id', 'created_at'] },
    { name: 'idx_participant_activity', columns: ['conference_id', 'participant_id', 'occurred_at'] },
  ],
};
