import type { TableDefinition } from '../table-definition';

/** File formats of scheduled reports. */
export const REPORT_FORMATS = ['pdf', 'csv', 'xlsx', 'json'] as const;

/** Phase 0703: reports generated and sent on a schedule. */
export const reportSchedules: TableDefinition = {
  phase: 703,
  name: 'report_schedules',
  kind: 'tenant',
  comment: 'Reports generated on a cron schedule and sent to recipients',
  references: [{ column: 'conference_id', table: 'conferences', nullable: true, comment: 'Conference reported on; NULL for tenant-wide reports' }],
  columns: [
    { name: 'name', type: 'varchar(200)' },
    { name: 'report_type', type: 'varchar(100)', comment: 'Report key, e.g. attendance_summary' },
    { name: 'cron', type: 'varchar(100)', comment: 'Five-field cron expression, evaluated in the conference time zone (UTC if none)' },
    { name: 'recipients', type: 'json', comment: 'Array of email addresses' },
    { name: 'format', type: 'enum', values: REPORT_FORMATS, default: 'pdf' },
    { name: 'is_active', type: 'boolean', default: false },
    { name: 'last_run_at', type: 'timestamp', nullable: true },
    { name: 'next_run_at', type: 'timestamp', nullable: true, comment: 'Next due run, maintained by the scheduler' },
  ],
  // The scheduler looks for due schedules across tenants.
  indexes: [{ name: 'idx_report_schedules_due', columns: ['is_active', 'next_run_at'] }],
};
