import type { TableDefinition } from '../table-definition';

/** Lifecycle of a virtual exhibition. */
export const EXHIBITION_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;

/** Phase 0803: online exhibition halls of a conference. */
export const virtualExhibitions: TableDefinition = {
  phase: 803,
  name: 'virtual_exhibitions',
  kind: 'tenant',
  comment: 'Online exhibition halls of a conference; sponsor booths in exhibition_booths',
  references: [{ column: 'conference_id', table: 'conferences', comment: 'Conference the exhibition belongs to' }],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'status', type: 'enum', values: EXHIBITION_STATUSES, default: 'draft' },
    { name: 'opens_at', type: 'timestamp', nullable: true },
    { name: 'closes_at', type: 'timestamp', nullable: true },
  ],
};
