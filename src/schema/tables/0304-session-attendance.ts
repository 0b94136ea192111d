import { NOW, type TableDefinition } from '../table-definition';

/** How an attendance was recorded. */
export const ATTENDANCE_SOURCES = ['qr_code', 'nfc', 'manual', 'self_service', 'api'] as const;

/** Phase 0304: who attended which session. */
export const sessionAttendance: TableDefinition = {
  phase: 304,
  name: 'session_attendance',
  kind: 'tenant',
  comment: 'Attendance of participants at sessions (check-in and check-out); one row per session and participant',
  references: [
    { column: 'session_id', table: 'sessions', comment: 'Session attended' },
    { column: 'participant_id', table: 'participants', comment: 'Participant attending' },
  ],
  columns: [
    { name: 'checked_in_at', type: 'timestamp', default: NOW },
    { name: 'checked_out_at', type: 'timestamp', nullable: true, comment: 'NULL while in the session or when not scanned out' },
    { name: 'source', type: 'enum', values: ATTENDANCE_SOURCES, default: 'manual', comment: 'How the check-in was recorded' },
  ],
  uniques: [
    { name: 'uq_session_attendance_tenant_session_participant', columns: ['tenant_id', 'session_id', 'participant_id'], whileLive: true },
  ],
};
