import type { ForeignKeyInfo, TriggerInfo } from './catalog-types';

/**
 * How a foreign key between tenant tables keeps child and parent in one tenant, or `null` if it
 * does not: `composite` — the key includes the tenant column on both sides
 * (`(tenant_id, x_id) → parent(tenant_id, id)`; PostgreSQL's optional references are composite
 * keys `ON DELETE SET NULL (x_id)`); `triggers` — the MySQL family's optional reference, a
 * one-column key `ON DELETE SET NULL` plus BEFORE INSERT and BEFORE UPDATE triggers that refuse a
 * parent of another tenant (see `optionalTenantReference` of the MySQL dialect).
 *
 * @example
 * inTenantGuard(fk, triggers, 'tenant_id'); // 'composite' | 'triggers' | null
 */
export function inTenantGuard(fk: ForeignKeyInfo, triggers: readonly TriggerInfo[], tenantColumn: string): 'composite' | 'triggers' | null {
  const at = fk.columns.indexOf(tenantColumn);
  if (fk.columns.length > 1 && at >= 0 && fk.refColumns[at] === tenantColumn) return 'composite';
  if (fk.columns.length !== 1) return null;
  const [column] = fk.columns;
  // The trigger body compares NEW.<column> with the parent's id and NEW.<tenant> with its tenant.
  const guards = (event: string) =>
    triggers.some(
      (t) =>
        t.table === fk.table &&
        t.timing === 'BEFORE' &&
        t.event === event &&
        t.statement.includes(`NEW.\`${column}\``) &&
        t.statement.includes(`NEW.\`${tenantColumn}\``) &&
        t.statement.includes(`\`${fk.refTable}\``),
    );
  return guards('INSERT') && guards('UPDATE') ? 'triggers' : null;
}
