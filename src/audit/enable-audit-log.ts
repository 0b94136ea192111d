import type { DataSource } from 'typeorm';
import { tenancyConfig } from '../scopes/tenancy-options';
import { setWriteObserver } from '../scopes/write-observer';
import { resolveAuditConfig, type AuditConfig, type AuditLogOptions } from './audit-options';
import { auditMetadataOf, AuditWriter } from './audit-writer';

const configs = new WeakMap<DataSource, AuditConfig>();

/**
 * Switches the audit log on for a DataSource (opt-in; after `enableTenancy`, before or after
 * `initialize()`). From then on every insert, update and remove of an audited entity writes a row
 * to `audit_logs` in the same transaction as the write (a write outside a transaction gets one),
 * so a rolled-back write leaves no audit row: `save`/`insert`/`update`/`remove`/`softRemove`/
 * `recover` of entities (one row per entity, changed values before and after), repository
 * `insert`/`upsert` and QueryBuilder inserts (one row per row), repository `update`/`delete`/
 * `softDelete`/`restore` and their QueryBuilder forms (one row per statement, with its criteria),
 * listeners on or off. The row's tenant is the context's (system work: the written row's own),
 * its `user_id` the context's `actorId` (none in system work). Redacted names (default: anything
 * like password, secret, token, api key, private key, credential) are stored as `[REDACTED]`.
 * Details and what is not audited: docs/audit.md.
 *
 * @throws TypeError without `enableTenancy` first, or when called again with other options;
 *   TenancySetupError (`TENANCY_SETUP_UNSUPPORTED`) when the DataSource has no entity for
 *   `audit_logs` (add `AuditLog`) — at once if it is initialized, else at the first audited write.
 * @example
 * enableTenancy(dataSource);
 * enableAuditLog(dataSource, { entities: [Conference, User], redact: ['iban'] });
 * await dataSource.initialize();
 * await withTenant(tenantId, () => conferences.save({ title: 'NodeConf' }), { actorId: userId });
 * // audit_logs: action 'insert', entity_type 'conferences', entity_id, new_values { title: 'NodeConf', … }
 */
export function enableAuditLog(dataSource: DataSource, options: AuditLogOptions = {}): void {
  if (!tenancyConfig(dataSource)) {
    throw new TypeError('enableAuditLog(dataSource) needs enableTenancy(dataSource) first: audit rows are tenant rows, isolated like any other.');
  }
  const config = resolveAuditConfig(dataSource, options);
  const existing = configs.get(dataSource);
  if (existing) {
    if (existing.signature === config.signature) return;
    throw new TypeError('enableAuditLog() was already called on this DataSource with other options.');
  }
  if (dataSource.isInitialized) auditMetadataOf(dataSource);
  configs.set(dataSource, config);
  setWriteObserver(dataSource, new AuditWriter(dataSource, config));
}
