import type { TableDefinition } from '../table-definition';

/** Moderation states of an audience question. */
export const QUESTION_STATUSES = ['pending', 'approved', 'answered', 'rejected'] as const;

/** Phase 0401: audience questions (Q&A) asked during a conference session. */
export const questions: TableDefinition = {
  phase: 401,
  name: 'questions',
  kind: 'tenant',
  comment: 'Audience questions (Q&A) of a conference session, moderated before they are shown',
  references: [
    { column: 'session_id', table: 'sessions', comment: 'Session the question is asked in' },
    { column: 'participant_id', table: 'participants', nullable: true, comment: 'Who asked; NULL when the participant was removed' },
  ],
  columns: [
    { name: 'body', type: 'text', comment: 'The question as typed by the participant' },
    { name: 'status', type: 'enum', values: QUESTION_STATUSES, default: 'pending' },
    { name: 'upvotes', type: 'int', default: 0, comment: 'Number of participants who upvoted the question' },
    { name: 'is_anonymous', type: 'boolean', default: false, comment: 'Hide the asker from the audience and the speaker' },
    { name: 'answered_at', type: 'timestamp', nullable: true, comment: 'When the question was marked answered' },
  ],
};
