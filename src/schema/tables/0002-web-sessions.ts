import type { TableDefinition } from '../table-definition';

/** Phase 0002: HTTP sessions (`web_sessions`, since `sessions` are the sessions of a conference). */
export const webSessions: TableDefinition = {
  phase: 2,
  name: 'web_sessions',
  kind: 'global',
  // On Citus: kept on the coordinator (written on every request or job, joined with no tenant table).
  placement: 'local',
  comment: 'HTTP sessions of the web application (database session store); conference sessions are in sessions',
  primaryKey: ['id'],
  timestamps: false,
  columns: [
    { name: 'id', type: 'varchar(255)', comment: 'Session id as sent in the session cookie' },
    {
      name: 'user_id',
      type: 'uuid',
      nullable: true,
      comment: 'Signed-in user (users.id); NULL for guests. No foreign key: users is a tenant table created later',
    },
    { name: 'ip_address', type: 'varchar(45)', nullable: true, comment: 'Client address, IPv4 or IPv6 text form' },
    { name: 'user_agent', type: 'text', nullable: true },
    { name: 'payload', type: 'text', comment: 'Serialized session data' },
    { name: 'last_activity', type: 'bigint', comment: 'Unix time in seconds of the last request (bigint: past 2038)' },
  ],
  indexes: [
    { name: 'idx_web_sessions_user_id', columns: ['user_id'] },
    { name: 'idx_web_sessions_last_activity', columns: ['last_activity'] },
  ],
};
