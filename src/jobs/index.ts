/**
 * `typeorm-tenancy/jobs`: carries the tenant and actor of the code that queues a background job
 * into the job, and runs the job in that context. Not loaded by the core entry; BullMQ is an
 * optional peer and is never required by this module (the adapter is typed structurally).
 */
export {
  captureTenantContext,
  parseTenantContext,
  type TenantContextEnvelope,
  type JobContextOptions,
} from './tenant-context-envelope';
export { runInCapturedContext } from './run-in-captured-context';
export { tenantJobData, runTenantJob, type TenantJobData } from './tenant-job-data';
export { addTenantJob, tenantProcessor, type TenantJobQueue, type TenantJobLike, type TenantJobHandler } from './bullmq';
export { JobContextMissingError, InvalidJobContextError, TenancyError, type TenancyErrorCode } from '../errors';
