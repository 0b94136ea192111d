import { TenancyError } from './tenancy-error';

/**
 * A job's captured tenant context (its envelope) was missing, malformed or tampered with — not an
 * object, unknown version or kind, a tenant or actor id that is not a UUID, missing or extra
 * fields — or it asks for system scope from a worker that does not allow system jobs. Thrown
 * before the job's handler runs, so the job fails without touching the database. The message
 * names the field, never the values found (they may be another tenant's).
 *
 * @example
 * runInCapturedContext({ v: 1, kind: 'tenant', tenantId: 'acme' }, fn); // JOB_CONTEXT_INVALID
 */
export class InvalidJobContextError extends TenancyError {
  readonly code = 'JOB_CONTEXT_INVALID' as const;

  /** @param problem what is wrong, e.g. `tenantId is not a UUID` */
  constructor(readonly problem: string) {
    super(
      `Refused a job's tenant context: ${problem}. The job was not run. Enqueue jobs with ` +
        'addTenantJob(queue, …) or tenantJobData(payload) inside withTenant(tenantId, fn), and do not edit the ' +
        '"tenancy" part of their data.',
    );
  }
}
