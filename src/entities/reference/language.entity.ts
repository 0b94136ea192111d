import { Column, CreateDateColumn, DeleteDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { IsOptional, Length, Matches } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * An ISO 639-1 language with its ISO 639-2 and 639-3 codes (table `languages`, global reference
 * data seeded by the migration).
 *
 * @example
 * const de = await dataSource.getRepository(Language).findOneByOrFail({ code: 'de' }); // de.endonym === 'Deutsch'
 */
@Entity('languages')
export class Language extends UuidV7Entity {
  /** ISO 639-1 code, e.g. `de`. */
  @Column({ type: 'char', length: 2 }) @Matches(/^[a-z]{2}$/) code: string;
  /** ISO 639-2/T (terminology) code, e.g. `deu`. */
  @Column({ type: 'char', length: 3, nullable: true }) @IsOptional() @Matches(/^[a-z]{3}$/) part2t: string | null;
  /** ISO 639-2/B (bibliographic) code, e.g. `ger`. */
  @Column({ type: 'char', length: 3, nullable: true }) @IsOptional() @Matches(/^[a-z]{3}$/) part2b: string | null;
  /** ISO 639-3 code, e.g. `deu`. */
  @Column({ type: 'char', length: 3, nullable: true }) @IsOptional() @Matches(/^[a-z]{3}$/) part3: string | null;
  /** English name. */
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) name: string;
  /** The language's name for itself, e.g. `Deutsch`. */
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) endonym: string;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
