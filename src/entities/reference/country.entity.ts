import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { countries } from '../../schema/tables/0005-countries';
import { IsBoolean, IsOptional, Length, Matches } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * An ISO 3166-1 country (table `countries`, global reference data seeded by the migration).
 *
 * @example
 * const ch = await dataSource.getRepository(Country).findOneByOrFail({ alpha2: 'CH' }); // ch.numeric === '756'
 */
@DefinedEntity(countries)
export class Country extends UuidV7Entity {
  /** ISO 3166-1 alpha-2, e.g. `CH`. */
  @Column() @Matches(/^[A-Z]{2}$/) alpha2: string;
  /** ISO 3166-1 alpha-3, e.g. `CHE`. */
  @Column() @Matches(/^[A-Z]{3}$/) alpha3: string;
  /** ISO 3166-1 numeric with leading zeros, e.g. `756`. */
  @Column() @Matches(/^\d{3}$/) numeric: string;
  /** English name. */
  @Column() @Length(1, 100) name: string;
  /** International dialling prefix, e.g. `+41` (not in the seed: fill from your reference data). */
  @Column({ name: 'phone_code' }) @IsOptional() @Matches(/^\+\d{1,7}$/) phoneCode: string | null;
  /** The flag as emoji, e.g. 🇨🇭 (seeded from alpha2). */
  @Column({ name: 'flag_emoji' }) @IsOptional() @Length(1, 16) flagEmoji: string | null;
  /** ISO 4217 currency, e.g. `CHF` (not in the seed). */
  @Column({ name: 'currency_code' }) @IsOptional() @Matches(/^[A-Z]{3}$/) currencyCode: string | null;
  /** Offered in country pickers. */
  @Column({ name: 'is_active' }) @IsBoolean() isActive: boolean;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
