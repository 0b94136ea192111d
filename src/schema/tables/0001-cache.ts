import type { TableDefinition } from '../table-definition';

/** Phase 0001: the key-value cache of the application (database cache store). */
export const cache: TableDefinition = {
  phase: 1,
  name: 'cache',
  kind: 'global',
  // On Citus: kept on the coordinator (written on every request or job, joined with no tenant table).
  placement: 'local',
  comment: 'Key-value cache entries of the application (database cache store); safe to empty at any time',
  primaryKey: ['key'],
  timestamps: false,
  columns: [
    { name: 'key', type: 'varchar(255)', comment: 'Cache key, prefixed by the application (include the tenant id in tenant-specific keys)' },
    { name: 'value', type: 'text', comment: 'Serialized cached value' },
    { name: 'expiration', type: 'bigint', comment: 'Unix time in seconds after which the entry is stale (bigint: past 2038)' },
  ],
  indexes: [{ name: 'idx_cache_expiration', columns: ['expiration'] }],
};
