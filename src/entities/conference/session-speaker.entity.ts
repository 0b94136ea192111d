import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SESSION_SPEAKER_TYPES, sessionSpeakers } from '../../schema/tables/0303-session-speakers';
import { Participant } from './participant.entity';
import { Session } from './session.entity';

/** One of {@link SESSION_SPEAKER_TYPES}. */
export type SessionSpeakerType = (typeof SESSION_SPEAKER_TYPES)[number];

/**
 * A participant speaking in a session (table `session_speakers`, a junction: one live row per
 * session and participant, both of the same tenant), with the part played and the order.
 *
 * @example
 * await withTenant(t, () => sessionSpeakers.save({ sessionId: keynote.id, participantId: ada.id, type: 'speaker', orderIndex: 0 }));
 */
@DefinedEntity(sessionSpeakers)
export class SessionSpeaker extends TenantAwareEntity {
  @Column({ name: 'session_id' }) @IsUUID('all') sessionId: string;
  @ManyToOne(() => Session) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column({ name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column() @IsIn(SESSION_SPEAKER_TYPES) type: SessionSpeakerType;
  @Column({ name: 'order_index' }) @IsInt() @Min(0) orderIndex: number;
  /** Biography for this session; NULL to use the speaker profile. */
  @Column() @IsOptional() @IsString() bio: string | null;
}
