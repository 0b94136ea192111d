import type { TableDefinition } from '../table-definition';

/** Phase 0103: per-tenant settings, one JSON value per key. */
export const tenantSettings: TableDefinition = {
  phase: 103,
  name: 'tenant_settings',
  kind: 'tenant',
  comment: 'Settings of a tenant as key/value pairs; the value is any JSON document',
  columns: [
    { name: 'key', type: 'varchar(255)', comment: 'Dotted setting name, e.g. mail.from; unique per tenant among live rows' },
    { name: 'value', type: 'json', comment: 'Setting value as JSON (object, array, string, number or boolean)' },
  ],
  uniques: [{ name: 'uq_tenant_settings_tenant_key', columns: ['tenant_id', 'key'], whileLive: true }],
};
