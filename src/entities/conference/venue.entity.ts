import { Column, OneToMany } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsOptional, IsUrl, Length, Max, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { VENUE_TYPES, venues } from '../../schema/tables/0201-venues';
import type { Conference } from './conference.entity';

/**
 * A place where conferences happen (table `venues`): physical, virtual or hybrid.
 *
 * @example
 * await withTenant(t, () => venues.save({ name: 'Kongresshaus', type: 'physical', city: 'Zürich' }));
 */
@DefinedEntity(venues)
export class Venue extends TenantAwareEntity {
  @Column() @Length(1, 200) name: string;
  @Column() @IsIn(VENUE_TYPES) type: (typeof VENUE_TYPES)[number];
  @Column() address: string | null;
  @Column() city: string | null;
  @Column({ name: 'country_code' }) @IsOptional() @Length(2, 2) countryCode: string | null;
  @Column() @IsOptional() @Min(-90) @Max(90) latitude: string | null;
  @Column() @IsOptional() @Min(-180) @Max(180) longitude: string | null;
  @Column() capacity: number | null;
  @Column({ name: 'virtual_url' }) @IsOptional() @IsUrl() virtualUrl: string | null;
  @Column() metadata: Record<string, unknown> | null;
  @OneToMany('Conference', 'venue') conferences?: Conference[];
}
