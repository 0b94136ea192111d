import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SURVEY_STATUSES } from '../../migrations/schema/tables/0405-surveys';
import { Conference } from '../conference/conference.entity';

/** One of {@link SURVEY_STATUSES}. */
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/**
 * A feedback survey of a conference (table `surveys`).
 *
 * @example
 * await withTenant(t, () => surveys.save({ conferenceId, title: 'How was it?', isAnonymous: true }));
 */
@Entity('surveys')
export class Survey extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 8, default: 'draft' }) @IsIn(SURVEY_STATUSES) status: SurveyStatus;
  @Column({ type: 'boolean', name: 'is_anonymous', default: false }) @IsBoolean() isAnonymous: boolean;
}
