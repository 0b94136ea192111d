import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { unixSecondsTransformer } from './unix-seconds-transformer';

/**
 * An entry of the database cache store (table `cache`, global): a key, a serialized value and
 * the Unix second it expires at.
 *
 * @example
 * await cacheEntries.upsert({ key: 'rates:chf', value: '1.08', expiration: Math.floor(Date.now() / 1000) + 60 }, ['key']);
 */
@Entity('cache')
export class CacheEntry {
  @PrimaryColumn({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) key: string;
  @Column({ type: 'text' }) @IsString() value: string;
  @Column({ type: 'bigint', transformer: unixSecondsTransformer }) @IsInt() @Min(0) expiration: number;
}
