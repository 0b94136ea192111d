import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0903: append-only audit trail of changes. */
export const auditLogs: TableDefinition = {
  phase: 903,
  name: 'audit_logs',
  kind: 'tenant',
  comment: 'Append-only audit trail: who changed which row, from where, with the values before and after',
  references: [{ column: 'user_id', table: 'users', nullable: true, comment: 'Acting user; NULL for system actions' }],
  columns: [
    { name: 'action', type: 'varchar(100)', comment: 'What happened, e.g. create, update, delete, login' },
    { name: 'entity_type', type: 'varchar(100)', nullable: true, comment: 'Table (or entity name) of the changed row' },
    {
      name: 'entity_id',
      type: 'uuid',
      nullable: true,
      comment: 'Id of the changed row in entity_type; deliberately no foreign key, it may point to any table',
    },
    { name: 'old_values', type: 'json', nullable: true, comment: 'Changed columns before the change' },
    { name: 'new_values', type: 'json', nullable: true, comment: 'Changed columns after the change' },
    { name: 'ip_address', type: 'varchar(45)', nullable: true, comment: 'Client IPv4 or IPv6 address (45 characters fit IPv4-mapped IPv6)' },
    { name: 'user_agent', type: 'text', nullable: true },
    { name: 'occurred_at', type: 'timestamp', default: NOW },
  ],
  indexes: [
    { name: 'idx_audit_logs_entity', columns: ['tenant_id', 'entity_type', 'entity_id'] },
    { name: 'idx_audit_logs_occurred', columns: ['tenant_id', 'occurred_at'] },
  ],
};
