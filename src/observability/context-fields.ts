import { currentScope } from '../tenancy/current-tenant';

/**
 * What the current async context may tell logs, traces and SQL comments: the tenant, the actor and
 * whether the work is deliberately unscoped. Never the system key, nor anything a tenant did not give.
 *
 * @example
 * withTenant(t, () => tenantContextFields(), { actorId: u }); // { scope: 'tenant', tenantId: t, actorId: u }
 */
export interface TenantContextFields {
  /** `tenant` inside `withTenant`, `system` inside `withoutTenantScope`, `none` outside both. */
  readonly scope: 'tenant' | 'system' | 'none';
  readonly tenantId?: string;
  readonly actorId?: string;
}

const NONE: TenantContextFields = Object.freeze({ scope: 'none' });

/**
 * The tenant, actor and scope kind of the calling context, for a structured logger (pino, winston)
 * or a tracing hook of the application's own.
 *
 * @example
 * const logger = pino({ mixin: () => tenantContextFields() }); // every log line carries the tenant
 */
export function tenantContextFields(): TenantContextFields {
  const scope = currentScope();
  if (!scope) return NONE;
  if (scope.kind === 'tenant') return { scope: 'tenant', tenantId: scope.tenantId, ...(scope.actorId ? { actorId: scope.actorId } : {}) };
  return { scope: 'system', ...(scope.actorId ? { actorId: scope.actorId } : {}) };
}

/**
 * The fields as a short tag for a text log line: `tenant=<id> actor=<id>`, `system actor=<id>`,
 * or `''` outside any context.
 *
 * @example
 * contextTag({ scope: 'tenant', tenantId: 't1' }); // 'tenant=t1'
 */
export function contextTag(fields: TenantContextFields): string {
  const parts = fields.scope === 'tenant' ? [`tenant=${fields.tenantId}`] : fields.scope === 'system' ? ['system'] : [];
  if (fields.actorId) parts.push(`actor=${fields.actorId}`);
  return parts.join(' ');
}
