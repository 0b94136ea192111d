import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { QUESTION_STATUSES, questions } from '../../schema/tables/0401-questions';
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
@DefinedEntity(questions)
export class Question extends TenantAwareEntity {
  @Column({ name: 'session_id' }) @IsUUID('all') sessionId: string;
  @ManyToOne(() => Session, { nullable: false }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column({ name: 'participant_id' }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  @Column() @IsString() @Length(1, 10000) body: string;
  @Column() @IsIn(QUESTION_STATUSES) status: QuestionStatus;
  @Column() @IsInt() @Min(0) upvotes: number;
  @Column({ name: 'is_anonymous' }) @IsBoolean() isAnonymous: boolean;
  @Column({ name: 'answered_at' }) @IsOptional() @IsDate() answeredAt: Date | null;
}
