import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { achievements } from '../../schema/tables/0805-achievements';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Conference } from '../conference/conference.entity';
import { Participant } from '../conference/participant.entity';

/**
 * A badge awarded to a participant (table `achievements`); each code at most once per participant.
 *
 * @example
 * await withTenant(t, () => achievements.save({ participantId, code: 'early_bird', title: 'Early bird', points: 10 }));
 */
@DefinedEntity(achievements)
export class Achievement extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column({ name: 'participant_id' }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  /** Badge key, e.g. `early_bird`. */
  @Column() @Length(1, 100) @Matches(/^[a-z0-9_.:-]+$/) code: string;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsInt() points: number;
  @Column({ name: 'awarded_at' }) @IsOptional() @IsDate() awardedAt: Date;
}
