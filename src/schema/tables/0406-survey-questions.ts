import type { TableDefinition } from '../table-definition';

/** Kinds of survey question: free text, a rating scale, one choice or several choices. */
export const SURVEY_QUESTION_TYPES = ['text', 'rating', 'choice', 'multi_choice'] as const;

/** Phase 0406: the questions of a survey. */
export const surveyQuestions: TableDefinition = {
  phase: 406,
  name: 'survey_questions',
  kind: 'tenant',
  comment: 'Questions of a survey, shown in order_index order',
  references: [{ column: 'survey_id', table: 'surveys', comment: 'Survey the question belongs to' }],
  columns: [
    { name: 'type', type: 'enum', values: SURVEY_QUESTION_TYPES, default: 'text' },
    { name: 'prompt', type: 'text', comment: 'Question text shown to the participant' },
    { name: 'options', type: 'json', nullable: true, comment: 'Choices (choice, multi_choice) or scale bounds (rating); NULL for text' },
    { name: 'is_required', type: 'boolean', default: false, comment: 'A response must answer this question' },
    { name: 'order_index', type: 'int', default: 0, comment: 'Display position within the survey, ascending' },
  ],
};
