import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0003: the queue of background jobs (database queue driver). */
export const jobs: TableDefinition = {
  phase: 3,
  name: 'jobs',
  kind: 'global',
  // On Citus: kept on the coordinator (written on every request or job, joined with no tenant table).
  placement: 'local',
  comment: 'Pending background jobs of the database queue; a worker reserves, runs and deletes them',
  timestamps: false,
  columns: [
    { name: 'queue', type: 'varchar(255)', comment: 'Queue name, e.g. default, mail' },
    { name: 'payload', type: 'text', comment: 'Serialized job (handler and arguments)' },
    { name: 'attempts', type: 'int', default: 0, comment: 'Times a worker has reserved the job' },
    { name: 'reserved_at', type: 'timestamp', nullable: true, comment: 'When a worker took the job; NULL while waiting' },
    { name: 'available_at', type: 'timestamp', default: NOW, comment: 'Not run before this instant (delayed jobs, retries)' },
    { name: 'created_at', type: 'timestamp', default: NOW },
  ],
  indexes: [{ name: 'idx_jobs_queue', columns: ['queue', 'reserved_at', 'available_at'] }],
};
