import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DISPLAY_SCREEN_STATUSES, displayScreens } from '../../schema/tables/0601-display-screens';
import { Conference } from '../conference/conference.entity';
import { Venue } from '../conference/venue.entity';

/** One of {@link DISPLAY_SCREEN_STATUSES}. */
export type DisplayScreenStatus = (typeof DISPLAY_SCREEN_STATUSES)[number];

/**
 * A signage screen used at a conference (table `display_screens`), optionally placed in a venue.
 *
 * @example
 * await withTenant(t, () => screens.save({ conferenceId, venueId, name: 'Hall A', resolution: '1920x1080' }));
 */
@DefinedEntity(displayScreens)
export class DisplayScreen extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ name: 'venue_id' }) @IsOptional() @IsUUID('all') venueId: string | null;
  @ManyToOne(() => Venue, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
  @Column() @IsString() @Length(1, 200) name: string;
  @Column() @IsOptional() @Length(1, 200) location: string | null;
  @Column() @IsIn(DISPLAY_SCREEN_STATUSES) status: DisplayScreenStatus;
  /** Pixels as `WIDTHxHEIGHT`, e.g. `1920x1080`. */
  @Column() @IsOptional() @Matches(/^\d{1,5}x\d{1,5}$/) resolution: string | null;
  @Column({ name: 'last_seen_at' }) @IsOptional() @IsDate() lastSeenAt: Date | null;
}
