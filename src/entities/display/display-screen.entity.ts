import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DISPLAY_SCREEN_STATUSES } from '../../migrations/schema/tables/0601-display-screens';
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
@Entity('display_screens')
export class DisplayScreen extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'uuid', name: 'venue_id', nullable: true }) @IsOptional() @IsUUID('all') venueId: string | null;
  @ManyToOne(() => Venue, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) @IsOptional() @Length(1, 200) location: string | null;
  @Column({ type: 'varchar', length: 11, default: 'offline' }) @IsIn(DISPLAY_SCREEN_STATUSES) status: DisplayScreenStatus;
  /** Pixels as `WIDTHxHEIGHT`, e.g. `1920x1080`. */
  @Column({ type: 'varchar', length: 20, nullable: true }) @IsOptional() @Matches(/^\d{1,5}x\d{1,5}$/) resolution: string | null;
  @Column({ type: 'timestamp', name: 'last_seen_at', nullable: true }) @IsOptional() @IsDate() lastSeenAt: Date | null;
}
