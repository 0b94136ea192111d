import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { EXHIBITION_STATUSES, virtualExhibitions } from '../../schema/tables/0803-virtual-exhibitions';
import { Conference } from '../conference/conference.entity';

/** One of {@link EXHIBITION_STATUSES}. */
export type ExhibitionStatus = (typeof EXHIBITION_STATUSES)[number];

/**
 * An online exhibition hall of a conference (table `virtual_exhibitions`); booths in `exhibition_booths`.
 *
 * @example
 * await withTenant(t, () => exhibitions.save({ conferenceId, title: 'Sponsor hall', status: 'open' }));
 */
@DefinedEntity(virtualExhibitions)
export class VirtualExhibition extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsIn(EXHIBITION_STATUSES) status: ExhibitionStatus;
  @Column({ name: 'opens_at' }) @IsOptional() @IsDate() opensAt: Date | null;
  @Column({ name: 'closes_at' }) @IsOptional() @IsDate() closesAt: Date | null;
}
