import type { TableDefinition } from '../table-definition';

/** Lifecycle of a survey. */
export const SURVEY_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;

/** Phase 0405: feedback surveys of a conference. */
export const surveys: TableDefinition = {
  phase: 405,
  name: 'surveys',
  kind: 'tenant',
  comment: 'Feedback surveys of a conference; questions in survey_questions, answers in survey_responses',
  references: [{ column: 'conference_id', table: 'conferences', comment: 'Conference surveyed' }],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'status', type: 'enum', values: SURVEY_STATUSES, default: 'draft' },
    { name: 'is_anonymous', type: 'boolean', default: false, comment: 'Responses are not linked to participants' },
  ],
};
