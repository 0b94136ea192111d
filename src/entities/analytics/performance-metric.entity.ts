import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { performanceMetrics } from '../../schema/tables/0702-performance-metrics';
import { IsDate, IsNumberString, IsObject, IsOptional, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Conference } from '../conference/conference.entity';

/**
 * One measured value of a metric (table `performance_metrics`), per conference or tenant-wide.
 *
 * @example
 * await withTenant(t, () => metrics.save({ conferenceId, metric: 'stream.latency', value: '812.5000', unit: 'ms' }));
 */
@DefinedEntity(performanceMetrics)
export class PerformanceMetric extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  /** Metric key, e.g. `attendance.check_ins`. */
  @Column() @Length(1, 100) metric: string;
  /** DECIMAL(12,4); a string because the drivers return decimals as text. */
  @Column() @IsNumberString() value: string;
  @Column() @IsOptional() @Length(1, 20) unit: string | null;
  @Column({ name: 'measured_at' }) @IsOptional() @IsDate() measuredAt: Date;
  @Column() @IsOptional() @IsObject() dimensions: Record<string, unknown> | null;
}
