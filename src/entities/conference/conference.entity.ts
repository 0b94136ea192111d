import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsArray, IsBoolean, IsDate, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Length, Matches, Min } from 'class-validator';
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
  @Column() @IsOptional() @IsString() @Length(0, 255) subtitle: string | null;
  @Column() @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/) @Length(1, 100) slug: string;
  @Column() description: string | null;
  @Column() @IsIn(CONFERENCE_STATUSES) status: ConferenceStatus;
  @Column({ name: 'start_date' }) startDate: string;
  @Column({ name: 'end_date' }) endDate: string;
  /** Daily start and end (`HH:MM:SS`), local to {@link timezone}. */
  @Column({ name: 'start_time' }) @IsOptional() @Matches(/^\d{2}:\d{2}(:\d{2})?$/) startTime: string | null;
  @Column({ name: 'end_time' }) @IsOptional() @Matches(/^\d{2}:\d{2}(:\d{2})?$/) endTime: string | null;
  @Column({ name: 'registration_start' }) @IsOptional() @IsDate() registrationStart: Date | null;
  @Column({ name: 'registration_end' }) @IsOptional() @IsDate() registrationEnd: Date | null;
  @Column() timezone: string;
  @Column({ name: 'max_participants' }) @IsOptional() @IsInt() @Min(1) maxParticipants: number | null;
  @Column({ name: 'is_public' }) @IsBoolean() isPublic: boolean;
  @Column() @IsOptional() @IsUrl({ require_tld: false }) logo: string | null;
  @Column() @IsOptional() @IsUrl({ require_tld: false }) banner: string | null;
  @Column({ name: 'website_url' }) @IsOptional() @IsUrl({ require_tld: false }) websiteUrl: string | null;
  @Column({ name: 'social_links' }) @IsOptional() @IsObject() socialLinks: Record<string, string> | null;
  @Column({ name: 'contact_info' }) @IsOptional() @IsObject() contactInfo: Record<string, unknown> | null;
  @Column() @IsOptional() @IsArray() tags: string[] | null;
  @Column() settings: Record<string, unknown> | null;
  @Column({ name: 'venue_id' }) venueId: string | null;
  @ManyToOne(() => Venue, (venue) => venue.conferences, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
}
