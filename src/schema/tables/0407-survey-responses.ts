import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0407: answers to survey questions, one row per question answered. */
export const surveyResponses: TableDefinition = {
  phase: 407,
  name: 'survey_responses',
  kind: 'tenant',
  comment: 'Answers to survey questions: one row per participant (or anonymous response) and question',
  references: [
    { column: 'survey_id', table: 'surveys', comment: 'Survey answered (denormalised from the question for per-survey reports)' },
    { column: 'survey_question_id', table: 'survey_questions', comment: 'Question answered' },
    { column: 'participant_id', table: 'participants', nullable: true, comment: 'Respondent; NULL for anonymous surveys' },
  ],
  columns: [
    { name: 'answer', type: 'json', comment: 'The answer: a string, a number or an array of chosen options, by question type' },
    { name: 'submitted_at', type: 'timestamp', default: NOW },
  ],
};
