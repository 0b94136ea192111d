import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { BOOTH_TIERS } from '../../migrations/schema/tables/0804-exhibition-booths';
import { VirtualExhibition } from './virtual-exhibition.entity';

/** One of {@link BOOTH_TIERS}. */
export type BoothTier = (typeof BOOTH_TIERS)[number];

/**
 * A sponsor booth in a virtual exhibition (table `exhibition_booths`), placed by tier and position.
 *
 * @example
 * await withTenant(t, () => booths.save({ virtualExhibitionId, sponsorName: 'Acme', title: 'Acme Cloud', tier: 'gold' }));
 */
@Entity('exhibition_booths')
export class ExhibitionBooth extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'virtual_exhibition_id' }) @IsUUID('all') virtualExhibitionId: string;
  @ManyToOne(() => VirtualExhibition, { nullable: false }) @JoinColumn({ name: 'virtual_exhibition_id' }) virtualExhibition?: VirtualExhibition;
  @Column({ type: 'varchar', length: 200, name: 'sponsor_name' }) @IsString() @Length(1, 200) sponsorName: string;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 2048, name: 'booth_url', nullable: true }) @IsOptional() @IsUrl() @Length(1, 2048) boothUrl: string | null;
  @Column({ type: 'varchar', length: 8, default: 'standard' }) @IsIn(BOOTH_TIERS) tier: BoothTier;
  @Column({ type: 'int', default: 0 }) @IsInt() @Min(0) position: number;
}
