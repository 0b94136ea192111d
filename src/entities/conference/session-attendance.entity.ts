import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsIn, IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { ATTENDANCE_SOURCES } from '../../migrations/schema/tables/0304-session-attendance';
import { Participant } from './participant.entity';
import { Session } from './session.entity';

/** One of {@link ATTENDANCE_SOURCES}. */
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

/**
 * A participant's attendance at a session (table `session_attendance`): one live row per session
 * and participant, with check-in, check-out and how it was recorded.
 *
 * @example
 * await withTenant(t, () => attendance.save({ sessionId: keynote.id, participantId: ada.id, source: 'qr_code' }));
 */
@Entity('session_attendance')
export class SessionAttendance extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'session_id' }) @IsUUID('all') sessionId: string;
  @ManyToOne(() => Session) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column({ type: 'uuid', name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column({ type: 'timestamp', name: 'checked_in_at', default: () => 'CURRENT_TIMESTAMP' }) checkedInAt: Date;
  @Column({ type: 'timestamp', name: 'checked_out_at', nullable: true }) checkedOutAt: Date | null;
  @Column({ type: 'varchar', length: 16, default: 'manual' }) @IsIn(ATTENDANCE_SOURCES) source: AttendanceSource;
}
