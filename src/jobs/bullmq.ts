import { runTenantJob, tenantJobData, type TenantJobData } from './tenant-job-data';
import type { JobContextOptions } from './tenant-context-envelope';

// BullMQ is an optional peer: this file names no BullMQ type and requires nothing at run time.
// The two shapes below are the parts of BullMQ's `Queue` and `Job` it uses (structural types, as
// for cls-hooked), so `typeorm-tenancy/jobs` loads and typechecks without BullMQ installed.

/**
 * The part of a BullMQ `Queue` that {@link addTenantJob} calls (`queue.add`).
 *
 * @example
 * const queue: TenantJobQueue<{ invoiceId: string }, JobsOptions, Job> = new Queue('invoices', { connection });
 */
export interface TenantJobQueue<P, O, J> {
  add(name: string, data: TenantJobData<P>, opts?: O): Promise<J>;
}

/**
 * The part of a BullMQ `Job` that {@link tenantProcessor} reads (`job.data`).
 *
 * @example
 * const job: TenantJobLike = await queue.getJob(id);
 */
export interface TenantJobLike {
  readonly data: unknown;
}

/**
 * Adds a job whose data carries the current tenant and actor (`{ tenancy, payload }`, see
 * `tenantJobData`). The context is captured before `queue.add` is called: with no tenant in
 * context it rejects and nothing is queued. Returns what `queue.add` returns (the BullMQ `Job`).
 *
 * @throws JobContextMissingError (`JOB_CONTEXT_MISSING`, as a rejection) outside `withTenant`, and
 *   inside `withoutTenantScope` unless `context.allowSystem`.
 * @example
 * const queue = new Queue('invoices', { connection });
 * await withTenant(tenantId, () => addTenantJob(queue, 'send', { invoiceId }, { attempts: 3 }), { actorId: userId });
 */
export async function addTenantJob<P, O, J>(
  queue: TenantJobQueue<P, O, J>,
  name: string,
  payload: P,
  opts?: O,
  context: JobContextOptions = {},
): Promise<J> {
  const data = tenantJobData(payload, context);
  return queue.add(name, data, opts);
}

/**
 * Handler of a tenant job: gets the application's payload and the BullMQ job (plus the worker's
 * token and abort signal) and runs inside the job's tenant context.
 *
 * @example
 * const handler: TenantJobHandler<{ invoiceId: string }, number> = async ({ invoiceId }) => invoices.count();
 */
export type TenantJobHandler<P, R, J extends TenantJobLike = TenantJobLike> = (payload: P, job: J, token?: string, signal?: AbortSignal) => R | Promise<R>;

/**
 * Wraps a handler as a BullMQ processor (`new Worker(name, tenantProcessor(handler), opts)`).
 * Each job runs in the context it was queued in (`runTenantJob` on `job.data`): as its tenant and
 * actor, each job in its own async context, so a worker with `concurrency > 1` never mixes them.
 * A job without a valid envelope fails with `InvalidJobContextError` before the handler runs (it
 * fails the same way on every retry, and never touches the database). System jobs run only when
 * `options.allowSystem` is true here too.
 *
 * @throws InvalidJobContextError (`JOB_CONTEXT_INVALID`, as the job's failure) when the job data is refused.
 * @example
 * const worker = new Worker('invoices', tenantProcessor(async ({ invoiceId }: { invoiceId: string }) => {
 *   await invoices.update(invoiceId, { sentAt: new Date() }); // scoped to the job's tenant
 * }), { connection, concurrency: 4 });
 */
export function tenantProcessor<P, R, J extends TenantJobLike = TenantJobLike>(
  handler: TenantJobHandler<P, R, J>,
  options: JobContextOptions = {},
): (job: J, token?: string, signal?: AbortSignal) => Promise<R> {
  return async (job, token, signal) => runTenantJob(job.data, (payload: P) => handler(payload, job, token, signal), options);
}
