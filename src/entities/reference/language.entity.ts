import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { languages } from '../../schema/tables/0006-languages';
import { IsOptional, Length, Matches } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * An ISO 639-1 language with its ISO 639-2 and 639-3 codes (table `languages`, global reference
 * data seeded by the migration).
 *
 * @example
 * const de = await dataSource.getRepository(Language).findOneByOrFail({ code: 'de' }); // de.endonym === 'Deutsch'
 */
@DefinedEntity(languages)
export class Language extends UuidV7Entity {
  /** ISO 639-1 code, e.g. `de`. */
  @Column() @Matches(/^[a-z]{2}$/) code: string;
  /** ISO 639-2/T (terminology) code, e.g. `deu`. */
  @Column() @IsOptional() @Matches(/^[a-z]{3}$/) part2t: string | null;
  /** ISO 639-2/B (bibliographic) code, e.g. `ger`. */
  @Column() @IsOptional() @Matches(/^[a-z]{3}$/) part2b: string | null;
  /** ISO 639-3 code, e.g. `deu`. */
  @Column() @IsOptional() @Matches(/^[a-z]{3}$/) part3: string | null;
  /** English name. */
  @Column() @Length(1, 100) name: string;
  /** The language's name for itself, e.g. `Deutsch`. */
  @Column() @Length(1, 100) endonym: string;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
