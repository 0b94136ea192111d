import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { BOOTH_TIERS, exhibitionBooths } from '../../schema/tables/0804-exhibition-booths';
import { VirtualExhibition } from './virtual-exhibition.entity';

/** One of {@link BOOTH_TIERS}. */
export type BoothTier = (typeof BOOTH_TIERS)[number];

/**
 * A sponsor booth in a virtual exhibition (table `exhibition_booths`), placed by tier and position.
 *
 * @example
 * await withTenant(t, () => booths.save({ virtualExhibitionId, sponsorName: 'Acme', title: 'Acme Cloud', tier: 'gold' }));
 */
@DefinedEntity(exhibitionBooths)
export class ExhibitionBooth extends TenantAwareEntity {
  @Column({ name: 'virtual_exhibition_id' }) @IsUUID('all') virtualExhibitionId: string;
  @ManyToOne(() => VirtualExhibition, { nullable: false }) @JoinColumn({ name: 'virtual_exhibition_id' }) virtualExhibition?: VirtualExhibition;
  @Column({ name: 'sponsor_name' }) @IsString() @Length(1, 200) sponsorName: string;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column({ name: 'booth_url' }) @IsOptional() @IsUrl() @Length(1, 2048) boothUrl: string | null;
  @Column() @IsIn(BOOTH_TIERS) tier: BoothTier;
  @Column() @IsInt() @Min(0) position: number;
}
