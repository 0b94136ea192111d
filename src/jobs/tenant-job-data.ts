import { InvalidJobContextError } from '../errors';
import { runInCapturedContext } from './run-in-captured-context';
import { captureTenantContext, type JobContextOptions, type TenantContextEnvelope } from './tenant-context-envelope';

/**
 * A job's data as this module stores it: the captured context beside the application's payload.
 * `payload` is yours; `tenancy` is checked by the worker and must not be edited.
 *
 * @example
 * const data: TenantJobData<{ invoiceId: string }> = tenantJobData({ invoiceId });
 */
export interface TenantJobData<P> {
  readonly tenancy: TenantContextEnvelope;
  readonly payload: P;
}

/**
 * Wraps `payload` with the current context, for any queue whose messages are JSON.
 *
 * @throws JobContextMissingError (`JOB_CONTEXT_MISSING`) with no tenant in context (see
 *   `captureTenantContext`): nothing to enqueue.
 * @example
 * await withTenant(tenantId, () => sqs.send(JSON.stringify(tenantJobData({ invoiceId }))));
 */
export function tenantJobData<P>(payload: P, options: JobContextOptions = {}): TenantJobData<P> {
  return { tenancy: captureTenantContext(options), payload };
}

/**
 * Runs `fn(payload)` in the context stored in `data` (made by `tenantJobData`). `data` must be an
 * object with `tenancy` and optionally `payload`, nothing else; anything else is refused before
 * `fn` runs.
 *
 * @throws InvalidJobContextError (`JOB_CONTEXT_INVALID`) when `data` or its envelope is refused.
 * @example
 * sqsConsumer.handle((body) => runTenantJob(JSON.parse(body), (p: { invoiceId: string }) => send(p.invoiceId)));
 */
export function runTenantJob<P, R>(data: unknown, fn: (payload: P) => R, options: JobContextOptions = {}): R {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new InvalidJobContextError('the job data is not an object made by tenantJobData');
  const extra = Object.keys(data).filter((key) => key !== 'tenancy' && key !== 'payload');
  if (extra.length > 0) throw new InvalidJobContextError(`the job data has field(s) besides "tenancy" and "payload" (${extra.length}): it was not made by tenantJobData`);
  const { tenancy, payload } = data as { tenancy?: unknown; payload?: P };
  if (tenancy === undefined) throw new InvalidJobContextError('the job data has no "tenancy" envelope (enqueued without addTenantJob/tenantJobData?)');
  return runInCapturedContext(tenancy, () => fn(payload as P), options);
}
