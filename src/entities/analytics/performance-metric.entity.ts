import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsNumberString, IsObject, IsOptional, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Conference } from '../conference/conference.entity';

/**
 * One measured value of a metric (table `performance_metrics`), per conference or tenant-wide.
 *
 * @example
 * await withTenant(t, () => metrics.save({ conferenceId, metric: 'stream.latency', value: '812.5000', unit: 'ms' }));
 */
@Entity('performance_metrics')
export class PerformanceMetric extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id', nullable: true }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  /** Metric key, e.g. `attendance.check_ins`. */
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) metric: string;
  /** DECIMAL(12,4); a string because the drivers return decimals as text. */
  @Column({ type: 'decimal', precision: 12, scale: 4 }) @IsNumberString() value: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) @IsOptional() @Length(1, 20) unit: string | null;
  @Column({ type: 'timestamp', name: 'measured_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() measuredAt: Date;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() dimensions: Record<string, unknown> | null;
}
