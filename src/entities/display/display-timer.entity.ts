import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DISPLAY_TIMER_STATUSES } from '../../migrations/schema/tables/0602-display-timers';
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
@Entity('display_timers')
export class DisplayTimer extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'display_screen_id', nullable: true }) @IsOptional() @IsUUID('all') displayScreenId: string | null;
  @ManyToOne(() => DisplayScreen, { nullable: true }) @JoinColumn({ name: 'display_screen_id' }) displayScreen?: DisplayScreen | null;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) label: string;
  @Column({ type: 'int', name: 'duration_seconds' }) @IsInt() @Min(1) durationSeconds: number;
  @Column({ type: 'timestamp', name: 'started_at', nullable: true }) @IsOptional() @IsDate() startedAt: Date | null;
  @Column({ type: 'timestamp', name: 'paused_at', nullable: true }) @IsOptional() @IsDate() pausedAt: Date | null;
  @Column({ type: 'varchar', length: 8, default: 'idle' }) @IsIn(DISPLAY_TIMER_STATUSES) status: DisplayTimerStatus;
}
