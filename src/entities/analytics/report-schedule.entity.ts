import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { ArrayNotEmpty, IsArray, IsBoolean, IsDate, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { REPORT_FORMATS } from '../../migrations/schema/tables/0703-report-schedules';
import { Conference } from '../conference/conference.entity';

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * A report generated on a cron schedule and sent to recipients (table `report_schedules`).
 *
 * @example
 * await withTenant(t, () => schedules.save({ name: 'Daily', reportType: 'attendance_summary', cron: '0 7 * * *', recipients: ['ops@example.com'] }));
 */
@Entity('report_schedules')
export class ReportSchedule extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id', nullable: true }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 100, name: 'report_type' }) @Length(1, 100) reportType: string;
  /** Five-field cron expression. */
  @Column({ type: 'varchar', length: 100 }) @Length(9, 100) @Matches(/^\S+(\s+\S+){4}$/) cron: string;
  @Column({ type: 'json' }) @IsArray() @ArrayNotEmpty() @IsEmail({}, { each: true }) recipients: string[];
  @Column({ type: 'varchar', length: 4, default: 'pdf' }) @IsIn(REPORT_FORMATS) format: ReportFormat;
  @Column({ type: 'boolean', name: 'is_active', default: false }) @IsBoolean() isActive: boolean;
  @Column({ type: 'timestamp', name: 'last_run_at', nullable: true }) @IsOptional() @IsDate() lastRunAt: Date | null;
  @Column({ type: 'timestamp', name: 'next_run_at', nullable: true }) @IsOptional() @IsDate() nextRunAt: Date | null;
}
