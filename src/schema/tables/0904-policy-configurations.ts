import type { TableDefinition } from '../table-definition';

/** Phase 0904: named access and security policies of a tenant. */
export const policyConfigurations: TableDefinition = {
  phase: 904,
  name: 'policy_configurations',
  kind: 'tenant',
  comment: 'Named access and security policies of a tenant (password, session, IP rules); evaluated by priority',
  columns: [
    { name: 'name', type: 'varchar(200)', comment: 'Policy name, unique per tenant among live policies' },
    { name: 'policy_type', type: 'varchar(100)', comment: 'Policy kind, e.g. password, session, ip_allowlist' },
    { name: 'rules', type: 'json', comment: 'Policy document, by policy_type' },
    { name: 'is_active', type: 'boolean', default: false },
    { name: 'priority', type: 'int', default: 0, comment: 'Evaluation order, lower first' },
  ],
  uniques: [{ name: 'uq_policy_configurations_name', columns: ['tenant_id', 'name'], whileLive: true }],
};
