import { TenancyError } from './tenancy-error';

/**
 * A query form the scope layer cannot limit to one tenant (e.g. `insert().valuesFromSelect()` or a
 * raw `onConflict()` into a tenant-aware table) was run inside `withTenant`. Nothing was sent.
 *
 * @example
 * await withTenant(t, () => qb.insert().into(Note).valuesFromSelect(select).execute()); // QUERY_UNSCOPABLE
 */
export class UnscopableQueryError extends TenancyError {
  readonly code = 'QUERY_UNSCOPABLE' as const;

  constructor(readonly operation: string, fix: string) {
    super(`${operation} cannot be limited to the current tenant. ${fix}`);
  }
}
