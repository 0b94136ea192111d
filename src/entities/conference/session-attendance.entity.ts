import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { ATTENDANCE_SOURCES, sessionAttendance } from '../../schema/tables/0304-session-attendance';
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
@DefinedEntity(sessionAttendance)
export class SessionAttendance extends TenantAwareEntity {
  @Column({ name: 'session_id' }) @IsUUID('all') sessionId: string;
  @ManyToOne(() => Session) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column({ name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column({ name: 'checked_in_at' }) checkedInAt: Date;
  @Column({ name: 'checked_out_at' }) checkedOutAt: Date | null;
  @Column() @IsIn(ATTENDANCE_SOURCES) source: AttendanceSource;
}
