import type { TableDefinition } from '../table-definition';
import { NOTIFICATION_CHANNELS } from './0502-notifications';

/** Phase 0503: which events notify on which channel, per conference or tenant-wide. */
export const notificationConfigurations: TableDefinition = {
  phase: 503,
  name: 'notification_configurations',
  kind: 'tenant',
  comment: 'Per event and channel: whether notifications are sent and with which template; per conference or tenant-wide',
  references: [
    {
      column: 'conference_id',
      table: 'conferences',
      nullable: true,
      comment: 'Conference the setting applies to; NULL for the tenant-wide default',
    },
  ],
  columns: [
    { name: 'event', type: 'varchar(100)', comment: 'Application event key, e.g. session.starting' },
    { name: 'channel', type: 'enum', values: NOTIFICATION_CHANNELS },
    { name: 'is_enabled', type: 'boolean', default: false },
    { name: 'template', type: 'json', nullable: true, comment: 'Subject/body template per locale' },
  ],
  // NULLs never collide in a unique index (both families), so tenant-wide rows (conference_id NULL)
  // are not unique per event and channel at the database level.
  uniques: [{ name: 'uq_notification_configurations_event', columns: ['tenant_id', 'conference_id', 'event', 'channel'] }],
};
