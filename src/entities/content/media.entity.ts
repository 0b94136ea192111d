import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsIn, IsNumberString, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { MEDIA_TYPES } from '../../migrations/schema/tables/0505-media';
import { Conference } from '../conference/conference.entity';

/** One of {@link MEDIA_TYPES}. */
export type MediaType = (typeof MEDIA_TYPES)[number];

/**
 * An item of the media library (table `media`): image, video or audio, per conference or tenant-wide.
 *
 * @example
 * await withTenant(t, () => mediaRepo.save({ title: 'Keynote', url: 'https://cdn.example.com/k.mp4', type: 'video' }));
 */
@Entity('media')
export class Media extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id', nullable: true }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 2048 }) @IsUrl() @Length(1, 2048) url: string;
  @Column({ type: 'varchar', length: 5, default: 'other' }) @IsIn(MEDIA_TYPES) type: MediaType;
  @Column({ type: 'varchar', length: 255, name: 'mime_type', nullable: true }) @IsOptional() @Length(1, 255) mimeType: string | null;
  /** Bytes; a string because the drivers return BIGINT as text. */
  @Column({ type: 'bigint', name: 'size_bytes', nullable: true }) @IsOptional() @IsNumberString({ no_symbols: true }) sizeBytes: string | null;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() metadata: Record<string, unknown> | null;
}
