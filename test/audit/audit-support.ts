import type { DataSource } from 'typeorm';
import { AuditLog } from '../../src/entities/security/audit-log.entity';
import { User } from '../../src/entities/identity/user.entity';
import { SystemSetting } from '../../src/entities/system/system-setting.entity';
import { schemaMigrations } from '../../src/migrations';
import { withoutTenantScope } from '../../src/tenancy/with-tenant';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';

/** The bundled schema (audit_logs, users, …) plus the test tables notes/notebooks. */
export const AUDIT_SCRATCH = {
  entities: [Note, Notebook, User, AuditLog, SystemSetting],
  migrations: [...schemaMigrations, CreateTestTables1800000000000],
};

/** An audit row as the tests compare it: ids lowercased, JSON parsed. */
export interface AuditRow {
  tenantId: string;
  userId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
}

const lower = (v: string | null) => (v === null ? null : v.toLowerCase());

/** Every audit row (system read, oldest first), optionally of one entity id or type. */
export async function auditRows(ds: DataSource, where: { entityId?: string; entityType?: string } = {}): Promise<AuditRow[]> {
  const rows = await withoutTenantScope(() => ds.getRepository(AuditLog).find({ where, order: { id: 'ASC' } }));
  return rows.map((r) => ({
    tenantId: r.tenantId.toLowerCase(),
    userId: lower(r.userId),
    action: r.action,
    entityType: r.entityType,
    entityId: lower(r.entityId),
    oldValues: typeof r.oldValues === 'string' ? JSON.parse(r.oldValues) : r.oldValues,
    newValues: typeof r.newValues === 'string' ? JSON.parse(r.newValues) : r.newValues,
  }));
}

/** The audit rows written while `fn` ran (by id order), and what `fn` returned. */
export async function auditedBy<T>(ds: DataSource, fn: () => Promise<T>): Promise<{ rows: AuditRow[]; result: T }> {
  const before = (await auditRows(ds)).length;
  const result = await fn();
  return { rows: (await auditRows(ds)).slice(before), result };
}
