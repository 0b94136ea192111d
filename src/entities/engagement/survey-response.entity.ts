import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsOptional, IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Survey } from './survey.entity';
import { SurveyQuestion } from './survey-question.entity';
import { Participant } from '../conference/participant.entity';

/**
 * The answer to one survey question (table `survey_responses`); anonymous when `participantId` is null.
 *
 * @example
 * await withTenant(t, () => surveyResponses.save({ surveyId, surveyQuestionId, participantId, answer: 5 }));
 */
@Entity('survey_responses')
export class SurveyResponse extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'survey_id' }) @IsUUID('all') surveyId: string;
  @ManyToOne(() => Survey, { nullable: false }) @JoinColumn({ name: 'survey_id' }) survey?: Survey;
  @Column({ type: 'uuid', name: 'survey_question_id' }) @IsUUID('all') surveyQuestionId: string;
  @ManyToOne(() => SurveyQuestion, { nullable: false }) @JoinColumn({ name: 'survey_question_id' }) surveyQuestion?: SurveyQuestion;
  @Column({ type: 'uuid', name: 'participant_id', nullable: true }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  /** A string, a number or an array of chosen options, by question type (required on insert). */
  @Column({ type: 'json' }) answer: unknown;
  @Column({ type: 'timestamp', name: 'submitted_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() submittedAt: Date;
}
