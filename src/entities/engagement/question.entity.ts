import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { QUESTION_STATUSES } from '../../migrations/schema/tables/0401-questions';
import { Session } from '../conference/session.entity';
import { Participant } from '../conference/participant.entity';

/** One of {@link QUESTION_STATUSES}. */
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/**
 * An audience question asked during a session (table `questions`), moderated before it is shown.
 *
 * @example
 * await withTenant(t, () => questions.save({ sessionId, participantId, body: 'Does it scale?' }));
 */
@Entity('questions')
export class Question extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'session_id' }) @IsUUID('all') sessionId: string;
  @ManyToOne(() => Session, { nullable: false }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column({ type: 'uuid', name: 'participant_id', nullable: true }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  @Column({ type: 'text' }) @IsString() @Length(1, 10000) body: string;
  @Column({ type: 'varchar', length: 8, default: 'pending' }) @IsIn(QUESTION_STATUSES) status: QuestionStatus;
  @Column({ type: 'int', default: 0 }) @IsInt() @Min(0) upvotes: number;
  @Column({ type: 'boolean', name: 'is_anonymous', default: false }) @IsBoolean() isAnonymous: boolean;
  @Column({ type: 'timestamp', name: 'answered_at', nullable: true }) @IsOptional() @IsDate() answeredAt: Date | null;
}
