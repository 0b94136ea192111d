import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsNumberString, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { MEDIA_TYPES, media } from '../../schema/tables/0505-media';
import { Conference } from '../conference/conference.entity';

/** One of {@link MEDIA_TYPES}. */
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * An item of the media library (table `media`): image, video or audio, per conference or tenant-wide.
 *
 * @example
 * await withTenant(t, () => mediaRepo.save({ title: 'Keynote', url: 'https://cdn.example.com/k.mp4', type: 'video' }));
 */
@DefinedEntity(media)
export class Media extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsUrl() @Length(1, 2048) url: string;
  @Column() @IsIn(MEDIA_TYPES) type: MediaType;
  @Column({ name: 'mime_type' }) @IsOptional() @Length(1, 255) mimeType: string | null;
  /** Bytes; a string because the drivers return BIGINT as text. */
  @Column({ name: 'size_bytes' }) @IsOptional() @IsNumberString({ no_symbols: true }) sizeBytes: string | null;
  @Column() @IsOptional() @IsObject() metadata: Record<string, unknown> | null;
}
