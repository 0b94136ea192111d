import { NOW, type TableDefinition } from '../table-definition';
import { NOTIFICATION_CHANNELS } from './0502-notifications';

/** Outcome of one delivery attempt. */
export const COMMUNICATION_STATUSES = ['queued', 'sent', 'delivered', 'bounced', 'failed'] as const;

/** Phase 0504: delivery log of outgoing messages. */
export const communicationLogs: TableDefinition = {
  phase: 504,
  name: 'communication_logs',
  kind: 'tenant',
  comment: 'Delivery attempts of outgoing messages (email, SMS, push) as reported by the provider',
  references: [{ column: 'notification_id', table: 'notifications', nullable: true, comment: 'Notification delivered, if the message came from one' }],
  columns: [
    { name: 'recipient', type: 'varchar(320)', comment: 'Email address, E.164 phone number or device token' },
    { name: 'channel', type: 'enum', values: NOTIFICATION_CHANNELS },
    { name: 'provider', type: 'varchar(100)', nullable: true, comment: 'Delivery provider, e.g. ses or twilio' },
    { name: 'status', type: 'enum', values: COMMUNICATION_STATUSES, default: 'queued' },
    { name: 'error', type: 'text', nullable: true, comment: 'Provider error message of a failed attempt' },
    { name: 'occurred_at', type: 'timestamp', default: NOW },
  ],
};
