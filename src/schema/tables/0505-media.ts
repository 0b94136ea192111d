import type { TableDefinition } from '../table-definition';

/** Kinds of media item. */
export const MEDIA_TYPES = ['image', 'video', 'audio', 'other'] as const;

/** Phase 0505: media library (images, recordings). */
export const media: TableDefinition = {
  phase: 505,
  name: 'media',
  kind: 'tenant',
  comment: 'Media library: images, video and audio recordings, per conference or tenant-wide',
  references: [{ column: 'conference_id', table: 'conferences', nullable: true, comment: 'Conference the item belongs to; NULL for tenant-wide media' }],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'url', type: 'varchar(2048)', comment: 'Where the item is stored (object storage or CDN URL)' },
    { name: 'type', type: 'enum', values: MEDIA_TYPES, default: 'other' },
    { name: 'mime_type', type: 'varchar(255)', nullable: true, comment: 'Media type, e.g. video/mp4' },
    { name: 'size_bytes', type: 'bigint', nullable: true, comment: 'File size in bytes; NULL when unknown' },
    { name: 'metadata', type: 'json', nullable: true, comment: 'Dimensions, duration, codec and similar' },
  ],
};
