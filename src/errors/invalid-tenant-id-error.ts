import { describeValue } from './describe-value';
import { TenancyError } from './tenancy-error';

/**
 * A tenant id that is not a UUID was given to `withTenant` (or stamped on a row). Thrown before any
 * query runs.
 *
 * @example
 * withTenant('acme', fn); // throws TENANT_ID_INVALID: pass the tenant's UUID, not its slug
 */
export class InvalidTenantIdError extends TenancyError {
  readonly code = 'TENANT_ID_INVALID' as const;

  constructor(readonly value: unknown) {
    super(
      `Invalid tenant id ${describeValue(value)}: expected a UUID such as ` +
        `'0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192'. Pass the tenant's id (tenants.id), not its slug or name.`,
    );
  }
}
