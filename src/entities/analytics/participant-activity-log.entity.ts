import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { participantActivityLogs } from '../../schema/tables/0701-participant-activity-logs';
import { IsDate, IsIP, IsObject, IsOptional, IsUUID, Length, Matches } from 'class-validator';
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
@DefinedEntity(participantActivityLogs)
export class ParticipantActivityLog extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant, { nullable: false }) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column({ name: 'session_id' }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  /** Action key, e.g. `session.check_in`. */
  @Column() @Length(1, 100) @Matches(/^[a-z0-9_.:-]+$/) action: string;
  @Column() @IsOptional() @IsObject() metadata: Record<string, unknown> | null;
  @Column({ name: 'ip_address' }) @IsOptional() @IsIP() ipAddress: string | null;
  @Column({ name: 'user_agent' }) @IsOptional() @Length(0, 512) userAgent: string | null;
  @Column({ name: 'occurred_at' }) @IsOptional() @IsDate() occurredAt: Date;
}
