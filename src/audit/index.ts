export { enableAuditLog } from './enable-audit-log';
export { DEFAULT_REDACTED_NAMES, REDACTED, type AuditLogOptions } from './audit-options';
export type { AuditAction } from './audit-drafts';
