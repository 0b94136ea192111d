import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { surveyResponses } from '../../schema/tables/0407-survey-responses';
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
@DefinedEntity(surveyResponses)
export class SurveyResponse extends TenantAwareEntity {
  @Column({ name: 'survey_id' }) @IsUUID('all') surveyId: string;
  @ManyToOne(() => Survey, { nullable: false }) @JoinColumn({ name: 'survey_id' }) survey?: Survey;
  @Column({ name: 'survey_question_id' }) @IsUUID('all') surveyQuestionId: string;
  @ManyToOne(() => SurveyQuestion, { nullable: false }) @JoinColumn({ name: 'survey_question_id' }) surveyQuestion?: SurveyQuestion;
  @Column({ name: 'participant_id' }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  /** A string, a number or an array of chosen options, by question type (required on insert). */
  @Column() answer: unknown;
  @Column({ name: 'submitted_at' }) @IsOptional() @IsDate() submittedAt: Date;
}
