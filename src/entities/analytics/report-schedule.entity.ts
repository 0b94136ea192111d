import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { ArrayNotEmpty, IsArray, IsBoolean, IsDate, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { REPORT_FORMATS, reportSchedules } from '../../schema/tables/0703-report-schedules';
import { Conference } from '../conference/conference.entity';

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * A report generated on a cron schedule and sent to recipients (table `report_schedules`).
 *
 * @example
 * await withTenant(t, () => schedules.save({ name: 'Daily', reportType: 'attendance_summary', cron: '0 7 * * *', recipients: ['ops@example.com'] }));
 */
@DefinedEntity(reportSchedules)
export class ReportSchedule extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column() @IsString() @Length(1, 200) name: string;
  @Column({ name: 'report_type' }) @Length(1, 100) reportType: string;
  /** Five-field cron expression. */
  @Column() @Length(9, 100) @Matches(/^\S+(\s+\S+){4}$/) cron: string;
  @Column() @IsArray() @ArrayNotEmpty() @IsEmail({}, { each: true }) recipients: string[];
  @Column() @IsIn(REPORT_FORMATS) format: ReportFormat;
  @Column({ name: 'is_active' }) @IsBoolean() isActive: boolean;
  @Column({ name: 'last_run_at' }) @IsOptional() @IsDate() lastRunAt: Date | null;
  @Column({ name: 'next_run_at' }) @IsOptional() @IsDate() nextRunAt: Date | null;
}
