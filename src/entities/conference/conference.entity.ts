import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { CONFERENCE_STATUSES, conferences } from '../../schema/tables/0202-conferences';
import { Venue } from './venue.entity';

/** One of {@link CONFERENCE_STATUSES}. */
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

/**
 * A conference of a tenant (table `conferences`), the centre of the conference core.
 *
 * @example
 * await withTenant(t, () => conferences.save({ title: 'NodeConf', slug: 'nodeconf', startDate: '2027-05-01', endDate: '2027-05-02' }));
 */
@DefinedEntity(conferences)
export class Conference extends TenantAwareEntity {
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/) @Length(1, 100) slug: string;
  @Column() description: string | null;
  @Column() @IsIn(CONFERENCE_STATUSES) status: ConferenceStatus;
  @Column({ name: 'start_date' }) startDate: string;
  @Column({ name: 'end_date' }) endDate: string;
  @Column() timezone: string;
  @Column({ name: 'max_participants' }) @IsOptional() @IsInt() @Min(1) maxParticipants: number | null;
  @Column({ name: 'is_public' }) @IsBoolean() isPublic: boolean;
  @Column() settings: Record<string, unknown> | null;
  @Column({ name: 'venue_id' }) venueId: string | null;
  @ManyToOne(() => Venue, (venue) => venue.conferences, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
}
