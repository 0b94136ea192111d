import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { CONFERENCE_STATUSES } from '../../migrations/schema/tables/0202-conferences';
import { Venue } from './venue.entity';

/** One of {@link CONFERENCE_STATUSES}. */
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

/**
 * A conference of a tenant (table `conferences`), the centre of the conference core.
 *
 * @example
 * await withTenant(t, () => conferences.save({ title: 'NodeConf', slug: 'nodeconf', startDate: '2027-05-01', endDate: '2027-05-02' }));
 */
@Entity('conferences')
export class Conference extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'varchar', length: 100 }) @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/) @Length(1, 100) slug: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'varchar', length: 16, default: 'draft' }) @IsIn(CONFERENCE_STATUSES) status: ConferenceStatus;
  @Column({ type: 'date', name: 'start_date' }) startDate: string;
  @Column({ type: 'date', name: 'end_date' }) endDate: string;
  @Column({ type: 'varchar', length: 64, default: 'UTC' }) timezone: string;
  @Column({ type: 'int', name: 'max_participants', nullable: true }) @IsOptional() @IsInt() @Min(1) maxParticipants: number | null;
  @Column({ type: 'boolean', name: 'is_public', default: false }) @IsBoolean() isPublic: boolean;
  @Column({ type: 'json', nullable: true }) settings: Record<string, unknown> | null;
  @Column({ type: 'uuid', name: 'venue_id', nullable: true }) venueId: string | null;
  @ManyToOne(() => Venue, (venue) => venue.conferences, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
}
