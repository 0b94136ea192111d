import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SURVEY_QUESTION_TYPES, surveyQuestions } from '../../schema/tables/0406-survey-questions';
import { Survey } from './survey.entity';

/** One of {@link SURVEY_QUESTION_TYPES}. */
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

/**
 * A question of a survey (table `survey_questions`): free text, a rating, one or several choices.
 *
 * @example
 * await withTenant(t, () => surveyQuestions.save({ surveyId, type: 'rating', prompt: 'Venue?', options: { min: 1, max: 5 } }));
 */
@DefinedEntity(surveyQuestions)
export class SurveyQuestion extends TenantAwareEntity {
  @Column({ name: 'survey_id' }) @IsUUID('all') surveyId: string;
  @ManyToOne(() => Survey, { nullable: false }) @JoinColumn({ name: 'survey_id' }) survey?: Survey;
  @Column() @IsIn(SURVEY_QUESTION_TYPES) type: SurveyQuestionType;
  @Column() @IsString() @Length(1, 10000) prompt: string;
  /** Choices (`choice`, `multi_choice`) or scale bounds (`rating`); null for `text`. */
  @Column() options: unknown[] | Record<string, unknown> | null;
  @Column({ name: 'is_required' }) @IsBoolean() isRequired: boolean;
  @Column({ name: 'order_index' }) @IsOptional() @IsInt() @Min(0) orderIndex: number;
}
