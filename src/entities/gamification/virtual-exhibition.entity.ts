import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { EXHIBITION_STATUSES } from '../../migrations/schema/tables/0803-virtual-exhibitions';
import { Conference } from '../conference/conference.entity';

/** One of {@link EXHIBITION_STATUSES}. */
export type ExhibitionStatus = (typeof EXHIBITION_STATUSES)[number];

/**
 * An online exhibition hall of a conference (table `virtual_exhibitions`); booths in `exhibition_booths`.
 *
 * @example
 * await withTenant(t, () => exhibitions.save({ conferenceId, title: 'Sponsor hall', status: 'open' }));
 */
@Entity('virtual_exhibitions')
export class VirtualExhibition extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 8, default: 'draft' }) @IsIn(EXHIBITION_STATUSES) status: ExhibitionStatus;
  @Column({ type: 'timestamp', name: 'opens_at', nullable: true }) @IsOptional() @IsDate() opensAt: Date | null;
  @Column({ type: 'timestamp', name: 'closes_at', nullable: true }) @IsOptional() @IsDate() closesAt: Date | null;
}
