import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
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
@Entity('achievements')
export class Achievement extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id', nullable: true }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column({ type: 'uuid', name: 'participant_id', nullable: true }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  /** Badge key, e.g. `early_bird`. */
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) @Matches(/^[a-z0-9_.:-]+$/) code: string;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'int', default: 0 }) @IsInt() points: number;
  @Column({ type: 'timestamp', name: 'awarded_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() awardedAt: Date;
}
