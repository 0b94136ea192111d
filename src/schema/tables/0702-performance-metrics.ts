import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0702: measured values (attendance, latency, engagement) over time. */
export const performanceMetrics: TableDefinition = {
  phase: 702,
  name: 'performance_metrics',
  kind: 'tenant',
  comment: 'Time series of measured values (attendance, stream latency, engagement rates) per conference or tenant-wide',
  references: [{ column: 'conference_id', table: 'conferences', nullable: true, comment: 'Conference measured; NULL for tenant-wide metrics' }],
  columns: [
    { name: 'metric', type: 'varchar(100)', comment: 'Metric key, e.g. attendance.check_ins' },
    { name: 'value', type: 'decimal(12,4)' },
    { name: 'unit', type: 'varchar(20)', nullable: true, comment: 'Unit of value, e.g. ms, %, count' },
    { name: 'measured_at', type: 'timestamp', default: NOW },
    { name: 'dimensions', type: 'json', nullable: true, comment: 'Breakdown labels, e.g. {"room":"A","device":"mobile"}' },
  ],
  indexes: [{ name: 'idx_performance_metrics_metric_measured', columns: ['tenant_id', 'metric', 'measured_at'] }],
};
