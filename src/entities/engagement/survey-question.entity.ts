import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SURVEY_QUESTION_TYPES } from '../../migrations/schema/tables/0406-survey-questions';
import { Survey } from './survey.entity';

/** One of {@link SURVEY_QUESTION_TYPES}. */
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

/**
 * A question of a survey (table `survey_questions`): free text, a rating, one or several choices.
 *
 * @example
 * await withTenant(t, () => surveyQuestions.save({ surveyId, type: 'rating', prompt: 'Venue?', options: { min: 1, max: 5 } }));
 */
@Entity('survey_questions')
export class SurveyQuestion extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'survey_id' }) @IsUUID('all') surveyId: string;
  @ManyToOne(() => Survey, { nullable: false }) @JoinColumn({ name: 'survey_id' }) survey?: Survey;
  @Column({ type: 'varchar', length: 12, default: 'text' }) @IsIn(SURVEY_QUESTION_TYPES) type: SurveyQuestionType;
  @Column({ type: 'text' }) @IsString() @Length(1, 10000) prompt: string;
  /** Choices (`choice`, `multi_choice`) or scale bounds (`rating`); null for `text`. */
  @Column({ type: 'json', nullable: true }) options: unknown[] | Record<string, unknown> | null;
  @Column({ type: 'boolean', name: 'is_required', default: false }) @IsBoolean() isRequired: boolean;
  @Column({ type: 'int', name: 'order_index', default: 0 }) @IsOptional() @IsInt() @Min(0) orderIndex: number;
}
