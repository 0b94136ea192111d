import type { TableDefinition } from '../table-definition';

/** Phase 0104: platform-wide settings (not per tenant). */
export const systemSettings: TableDefinition = {
  phase: 104,
  name: 'system_settings',
  kind: 'global',
  comment: 'Platform-wide settings as key/value pairs, shared by all tenants; change them as admin work',
  columns: [
    { name: 'key', type: 'varchar(255)', comment: 'Dotted setting name, unique among live rows' },
    { name: 'value', type: 'json', comment: 'Setting value as JSON' },
    { name: 'description', type: 'text', nullable: true, comment: 'What the setting controls' },
    { name: 'is_public', type: 'boolean', default: false, comment: 'May be shown to tenants and clients (never secrets)' },
  ],
  uniques: [{ name: 'uq_system_settings_key', columns: ['key'], whileLive: true }],
};
