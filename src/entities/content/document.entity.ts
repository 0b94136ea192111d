import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsIn, IsNumberString, IsOptional, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DOCUMENT_VISIBILITIES } from '../../migrations/schema/tables/0501-documents';
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
@Entity('documents')
export class Document extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id', nullable: true }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 2048, name: 'file_url' }) @IsUrl() @Length(1, 2048) fileUrl: string;
  @Column({ type: 'varchar', length: 255, name: 'mime_type', nullable: true }) @IsOptional() @Length(1, 255) mimeType: string | null;
  /** Bytes; a string because the drivers return BIGINT as text. */
  @Column({ type: 'bigint', name: 'size_bytes', nullable: true }) @IsOptional() @IsNumberString({ no_symbols: true }) sizeBytes: string | null;
  @Column({ type: 'varchar', length: 12, default: 'participants' }) @IsIn(DOCUMENT_VISIBILITIES) visibility: DocumentVisibility;
}
