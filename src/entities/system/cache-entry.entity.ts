import { Column, PrimaryColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { cache } from '../../schema/tables/0001-cache';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { unixSecondsTransformer } from './unix-seconds-transformer';

/**
 * An entry of the database cache store (table `cache`, global): a key, a serialized value and
 * the Unix second it expires at.
 *
 * @example
 * await cacheEntries.upsert({ key: 'rates:chf', value: '1.08', expiration: Math.floor(Date.now() / 1000) + 60 }, ['key']);
 */
@DefinedEntity(cache)
export class CacheEntry {
  @PrimaryColumn() @IsString() @Length(1, 255) key: string;
  @Column() @IsString() value: string;
  @Column({ transformer: unixSecondsTransformer }) @IsInt() @Min(0) expiration: number;
}
