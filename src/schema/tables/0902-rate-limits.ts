import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0902: fixed-window rate-limit counters. */
export const rateLimits: TableDefinition = {
  phase: 902,
  name: 'rate_limits',
  kind: 'tenant',
  comment: 'Fixed-window rate-limit counters, one row per limited key',
  columns: [
    { name: 'key', type: 'varchar(255)', comment: 'What is limited, e.g. api:<token id> or login:<email>' },
    { name: 'hits', type: 'int', default: 0, comment: 'Requests counted in the current window' },
    { name: 'window_start', type: 'timestamp', default: NOW, comment: 'Start of the current window' },
    { name: 'window_seconds', type: 'int', comment: 'Length of the window' },
  ],
  uniques: [{ name: 'uq_rate_limits_key', columns: ['tenant_id', 'key'] }],
};
