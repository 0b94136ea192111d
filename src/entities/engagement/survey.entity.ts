import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SURVEY_STATUSES, surveys } from '../../schema/tables/0405-surveys';
import { Conference } from '../conference/conference.entity';

/** One of {@link SURVEY_STATUSES}. */
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/**
 * A feedback survey of a conference (table `surveys`).
 *
 * @example
 * await withTenant(t, () => surveys.save({ conferenceId, title: 'How was it?', isAnonymous: true }));
 */
@DefinedEntity(surveys)
export class Survey extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsIn(SURVEY_STATUSES) status: SurveyStatus;
  @Column({ name: 'is_anonymous' }) @IsBoolean() isAnonymous: boolean;
}
