import type { TableDefinition } from '../table-definition';

/** Who may see a document. */
export const DOCUMENT_VISIBILITIES = ['public', 'participants', 'speakers', 'private'] as const;

/** Phase 0501: documents (slides, handouts) of a conference or a session. */
export const documents: TableDefinition = {
  phase: 501,
  name: 'documents',
  kind: 'tenant',
  comment: 'Files offered to an audience (slides, handouts, papers), attached to a conference, a session or neither',
  references: [
    { column: 'conference_id', table: 'conferences', nullable: true, comment: 'Conference the document belongs to; NULL for tenant-wide documents' },
    { column: 'session_id', table: 'sessions', nullable: true, comment: 'Session the document belongs to, if any' },
  ],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'file_url', type: 'varchar(2048)', comment: 'Where the file is stored (object storage or CDN URL)' },
    { name: 'mime_type', type: 'varchar(255)', nullable: true, comment: 'Media type, e.g. application/pdf' },
    { name: 'size_bytes', type: 'bigint', nullable: true, comment: 'File size in bytes; NULL when unknown' },
    { name: 'visibility', type: 'enum', values: DOCUMENT_VISIBILITIES, default: 'participants' },
  ],
};
