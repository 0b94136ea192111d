import type { TableDefinition } from '../table-definition';

/** Delivery channels of notifications (also used by notification_configurations and communication_logs). */
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'push', 'in_app'] as const;
/** Lifecycle of a notification. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'delivered', 'failed', 'read'] as const;

/** Phase 0502: notifications to a user or a participant. */
export const notifications: TableDefinition = {
  phase: 502,
  name: 'notifications',
  kind: 'tenant',
  comment: 'Messages to a user or a participant on one channel; delivery attempts in communication_logs',
  references: [
    { column: 'user_id', table: 'users', nullable: true, comment: 'Recipient user, if the recipient signs in' },
    { column: 'participant_id', table: 'participants', nullable: true, comment: 'Recipient participant, if any' },
  ],
  columns: [
    { name: 'channel', type: 'enum', values: NOTIFICATION_CHANNELS },
    { name: 'title', type: 'varchar(200)' },
    { name: 'body', type: 'text' },
    { name: 'data', type: 'json', nullable: true, comment: 'Payload for the client (deep link, ids)' },
    { name: 'status', type: 'enum', values: NOTIFICATION_STATUSES, default: 'pending' },
    { name: 'sent_at', type: 'timestamp', nullable: true },
    { name: 'read_at', type: 'timestamp', nullable: true, comment: 'When the recipient opened it (in_app and push)' },
  ],
};
