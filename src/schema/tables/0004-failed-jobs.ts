import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0004: jobs that failed for good, kept for inspection and retry. */
export const failedJobs: TableDefinition = {
  phase: 4,
  name: 'failed_jobs',
  kind: 'global',
  // On Citus: kept on the coordinator (written on every request or job, joined with no tenant table).
  placement: 'local',
  comment: 'Jobs that exhausted their attempts, with the exception, for inspection and manual retry',
  timestamps: false,
  columns: [
    { name: 'uuid', type: 'uuid', comment: 'Id the queue gave the job (any UUID version); unique' },
    { name: 'connection', type: 'varchar(255)', comment: 'Queue connection the job ran on' },
    { name: 'queue', type: 'varchar(255)' },
    { name: 'payload', type: 'text', comment: 'Serialized job as it was queued' },
    { name: 'exception', type: 'text', comment: 'Error message and stack trace of the last attempt' },
    { name: 'failed_at', type: 'timestamp', default: NOW },
  ],
  uniques: [{ name: 'uq_failed_jobs_uuid', columns: ['uuid'] }],
  indexes: [{ name: 'idx_failed_jobs_failed_at', columns: ['failed_at'] }],
};
