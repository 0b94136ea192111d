import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsNumberString, IsOptional, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DOCUMENT_VISIBILITIES, documents } from '../../schema/tables/0501-documents';
import { Conference } from '../conference/conference.entity';
import { Session } from '../conference/session.entity';

/** One of {@link DOCUMENT_VISIBILITIES}. */
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];

/**
 * A file offered to an audience (table `documents`): slides, handouts, papers; attached to a
 * conference, a session, or neither (tenant-wide).
 *
 * @example
 * await withTenant(t, () => documents.save({ sessionId, title: 'Slides', fileUrl: 'https://cdn.example.com/s.pdf' }));
 */
@DefinedEntity(documents)
export class Document extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column({ name: 'session_id' }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column({ name: 'file_url' }) @IsUrl() @Length(1, 2048) fileUrl: string;
  @Column({ name: 'mime_type' }) @IsOptional() @Length(1, 255) mimeType: string | null;
  /** Bytes; a string because the drivers return BIGINT as text. */
  @Column({ name: 'size_bytes' }) @IsOptional() @IsNumberString({ no_symbols: true }) sizeBytes: string | null;
  @Column() @IsIn(DOCUMENT_VISIBILITIES) visibility: DocumentVisibility;
}
