import { describeValue } from './describe-value';
import { TenancyError } from './tenancy-error';

/**
 * The `actorId` given to `withTenant`/`withoutTenantScope` is not a UUID. Thrown before `fn` runs.
 *
 * @example
 * withTenant(tenantId, fn, { actorId: 'alice' }); // throws ACTOR_ID_INVALID: pass users.id
 */
export class InvalidActorIdError extends TenancyError {
  readonly code = 'ACTOR_ID_INVALID' as const;

  constructor(readonly value: unknown) {
    super(`Invalid actorId ${describeValue(value)}: expected the acting user's id (a UUID, users.id), not a name or email.`);
  }
}
