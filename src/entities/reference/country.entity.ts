import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { countries } from '../../schema/tables/0005-countries';
import { Length, Matches } from 'class-validator';
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
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
