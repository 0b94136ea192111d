import type { DoctorCatalog } from './doctor-catalog';

/**
 * Those of `tables` whose rows this run may not all see: behind enabled row-level security, with a
 * role that neither bypasses it nor has system access, unless it owns the table and RLS is not forced.
 *
 * @example
 * hiddenTables(catalog, ['notes', 'tenants']); // [] for a superuser; both for an application role
 */
export function hiddenTables(catalog: DoctorCatalog, tables: readonly string[]): string[] {
  const { rowSecurity, role, systemAccess } = catalog;
  if (!rowSecurity || !role || role.superuser || role.bypassRls || systemAccess?.active) return [];
  return tables.filter((t) => {
    const state = rowSecurity.find((s) => s.table === t);
    return state !== undefined && state.enabled && !(state.ownedByCurrentUser && !state.forced);
  });
}
