import { RowsOutsideTenantError } from '../errors/rows-outside-tenant-error';

/**
 * Options of {@link expectOnlyTenant}.
 *
 * @example
 * expectOnlyTenant(rawRows, acme, { column: 'company_id', allowEmpty: true });
 */
export interface ExpectOnlyTenantOptions {
  /** Property holding the tenant. Default `tenantId` (entities), else `tenant_id` (raw rows). */
  column?: string;
  /** Accept an empty list. Default false: an empty result usually means the test proves nothing. */
  allowEmpty?: boolean;
}

function tenantOf(row: unknown, column: string | undefined): unknown {
  if (row === null || typeof row !== 'object') return undefined;
  const record = row as Record<string, unknown>;
  if (column) return record[column];
  return 'tenantId' in record ? record.tenantId : record.tenant_id;
}

/**
 * Asserts that every row belongs to `tenant` (an id or a `Tenant`), for entities (`tenantId`) and
 * raw rows (`tenant_id`) alike; ids compare case-insensitively. Throws with the offending rows'
 * `id`s (or positions) and their tenant values: this is a test helper, and naming the other
 * tenant's rows is what makes a leak debuggable (never use it to answer a request).
 *
 * @throws RowsOutsideTenantError (`TEST_ROWS_OUTSIDE_TENANT`) for rows of another tenant, rows
 *   without the tenant property, or no rows unless `allowEmpty`.
 * @example
 * expectOnlyTenant(await asTenant(a, () => notes.find()), a);
 * expectOnlyTenant(await dataSource.query('SELECT id, tenant_id FROM notes'), a); // raw rows too
 */
export function expectOnlyTenant(rows: Iterable<unknown>, tenant: string | { readonly id: string }, options: ExpectOnlyTenantOptions = {}): void {
  const tenantId = String(typeof tenant === 'string' ? tenant : tenant?.id).toLowerCase();
  const list = [...rows];
  const offending: string[] = [];
  list.forEach((row, index) => {
    const value = tenantOf(row, options.column);
    if (typeof value === 'string' && value.toLowerCase() === tenantId) return;
    const id = (row as { id?: unknown } | null)?.id;
    const label = id === undefined ? `#${index}` : String(id);
    offending.push(`${label} (tenant ${value === undefined ? 'missing' : String(value)})`);
  });
  if (offending.length > 0 || (list.length === 0 && options.allowEmpty !== true)) throw new RowsOutsideTenantError(tenantId, offending, list.length);
}
