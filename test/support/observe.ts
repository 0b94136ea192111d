/** Every tenant id a result contains: `tenantId` of entities at any depth and `*tenant_id` of raw rows. */
export function tenantsIn(value: unknown, found: string[] = [], seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) tenantsIn(item, found, seen);
    return found;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (/tenant_?id$/i.test(key) && inner !== null && inner !== undefined) found.push(String(inner).toLowerCase());
    else tenantsIn(inner, found, seen);
  }
  return found;
}
