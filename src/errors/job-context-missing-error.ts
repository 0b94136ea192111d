import { TenancyError } from './tenancy-error';

/**
 * A background job was about to be enqueued with no tenant context to carry (outside `withTenant`,
 * or inside `withoutTenantScope` without `{ allowSystem: true }`). Thrown before anything reaches
 * the queue.
 *
 * @example
 * await addTenantJob(queue, 'send', payload); // outside withTenant → JOB_CONTEXT_MISSING, nothing queued
 */
export class JobContextMissingError extends TenancyError {
  readonly code = 'JOB_CONTEXT_MISSING' as const;

  /** @param system true when the caller was inside `withoutTenantScope` (system work). */
  constructor(readonly system: boolean) {
    super(
      system
        ? 'Refused to capture a job context inside withoutTenantScope(fn): system jobs must be asked for. ' +
            'Pass { allowSystem: true } when enqueueing (and to the worker), or enqueue inside withTenant(tenantId, fn).'
        : 'No tenant in context to capture for a background job; nothing was enqueued. ' +
            'Enqueue inside withTenant(tenantId, fn), or inside withoutTenantScope(fn) with { allowSystem: true } for system work.',
    );
  }
}
