import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsObject, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Conference } from '../conference/conference.entity';
import { Participant } from '../conference/participant.entity';
import { Session } from '../conference/session.entity';

/**
 * One participant action at a conference (table `participant_activity_logs`, append-only), e.g. a
 * session check-in or a document download, for analytics.
 *
 * @example
 * await withTenant(t, () => activity.save({ conferenceId, participantId, sessionId, action: 'session.check_in' }));
 */
@Entity('participant_activity_logs')
export class ParticipantActivityLog extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'uuid', name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant, { nullable: false }) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  /** Action key, e.g. `session.check_in`. */
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) @Matches(/^[a-z0-9_.:-]+$/) action: string;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() metadata: Record<string, unknown> | null;
  @Column({ type: 'timestamp', name: 'occurred_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() occurredAt: Date;
}
