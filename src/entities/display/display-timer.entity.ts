import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DISPLAY_TIMER_STATUSES, displayTimers } from '../../schema/tables/0602-display-timers';
import { DisplayScreen } from './display-screen.entity';
import { Session } from '../conference/session.entity';

/** One of {@link DISPLAY_TIMER_STATUSES}. */
export type DisplayTimerStatus = (typeof DISPLAY_TIMER_STATUSES)[number];

/**
 * A countdown timer shown on a display screen (table `display_timers`), e.g. a talk's remaining time.
 *
 * @example
 * await withTenant(t, () => timers.save({ displayScreenId, sessionId, label: 'Talk', durationSeconds: 1800 }));
 */
@DefinedEntity(displayTimers)
export class DisplayTimer extends TenantAwareEntity {
  @Column({ name: 'display_screen_id' }) @IsOptional() @IsUUID('all') displayScreenId: string | null;
  @ManyToOne(() => DisplayScreen, { nullable: true }) @JoinColumn({ name: 'display_screen_id' }) displayScreen?: DisplayScreen | null;
  @Column({ name: 'session_id' }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  @Column() @IsString() @Length(1, 200) label: string;
  @Column({ name: 'duration_seconds' }) @IsInt() @Min(1) durationSeconds: number;
  @Column({ name: 'started_at' }) @IsOptional() @IsDate() startedAt: Date | null;
  @Column({ name: 'paused_at' }) @IsOptional() @IsDate() pausedAt: Date | null;
  @Column() @IsIn(DISPLAY_TIMER_STATUSES) status: DisplayTimerStatus;
}
