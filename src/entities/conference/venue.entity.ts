import { Column, Entity, OneToMany } from 'typeorm';
import { IsIn, IsOptional, IsUrl, Length, Max, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { VENUE_TYPES } from '../../migrations/schema/tables/0201-venues';
import type { Conference } from './conference.entity';

/**
 * A place where conferences happen (table `venues`): physical, virtual or hybrid.
 *
 * @example
 * await withTenant(t, () => venues.save({ name: 'Kongresshaus', type: 'physical', city: 'Zürich' }));
 */
@Entity('venues')
export class Venue extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 200 }) @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 16, default: 'physical' }) @IsIn(VENUE_TYPES) type: (typeof VENUE_TYPES)[number];
  @Column({ type: 'varchar', length: 500, nullable: true }) address: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) city: string | null;
  @Column({ type: 'char', length: 2, name: 'country_code', nullable: true }) @IsOptional() @Length(2, 2) countryCode: string | null;
  @Column({ type: 'decimal', precision: 10, scale: 8, nullable: true }) @IsOptional() @Min(-90) @Max(90) latitude: string | null;
  @Column({ type: 'decimal', precision: 11, scale: 8, nullable: true }) @IsOptional() @Min(-180) @Max(180) longitude: string | null;
  @Column({ type: 'int', nullable: true }) capacity: number | null;
  @Column({ type: 'varchar', length: 2048, name: 'virtual_url', nullable: true }) @IsOptional() @IsUrl() virtualUrl: string | null;
  @Column({ type: 'json', nullable: true }) metadata: Record<string, unknown> | null;
  @OneToMany('Conference', 'venue') conferences?: Conference[];
}
