import type { TableDefinition } from '../table-definition';

/** Program statuses. */
export const PROGRAM_STATUSES = ['draft', 'published', 'archived'] as const;

/**
 * Phase 0203: the programs of a conference, with tracks as child programs (`parent_id`, a
 * reference to this same table: in CREATE TABLE a self-reference is valid on both families).
 */
export const programs: TableDefinition = {
  phase: 203,
  name: 'programs',
  kind: 'tenant',
  comment: 'Programs of a conference (main program, tracks as child programs); sessions belong to one',
  references: [
    { column: 'conference_id', table: 'conferences', comment: 'Conference the program belongs to' },
    { column: 'parent_id', table: 'programs', nullable: true, comment: 'Parent program of a track; NULL for a top-level program' },
  ],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'status', type: 'enum', values: PROGRAM_STATUSES, default: 'draft' },
    { name: 'start_date', type: 'date', nullable: true, comment: 'First day; NULL to follow the conference' },
    { name: 'end_date', type: 'date', nullable: true, comment: 'Last day; NULL to follow the conference' },
    { name: 'position', type: 'int', default: 0, comment: 'Display order among siblings' },
  ],
};
