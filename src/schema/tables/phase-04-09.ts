import type { TableDefinition } from '../table-definition';
import { questions } from './0401-questions';
import { polls } from './0402-polls';
import { pollOptions } from './0403-poll-options';
import { pollVotes } from './0404-poll-votes';
import { surveys } from './0405-surveys';
import { surveyQuestions } from './0406-survey-questions';
import { surveyResponses } from './0407-survey-responses';
import { documents } from './0501-documents';
import { notifications } from './0502-notifications';
import { notificationConfigurations } from './0503-notification-configurations';
import { communicationLogs } from './0504-communication-logs';
import { media } from './0505-media';
import { displayScreens } from './0601-display-screens';
import { displayTimers } from './0602-display-timers';
import { screenLayouts } from './0603-screen-layouts';
import { participantActivityLogs } from './0701-participant-activity-logs';
import { performanceMetrics } from './0702-performance-metrics';
import { reportSchedules } from './0703-report-schedules';
import { games } from './0801-games';
import { gameScores } from './0802-game-scores';
import { virtualExhibitions } from './0803-virtual-exhibitions';
import { exhibitionBooths } from './0804-exhibition-booths';
import { achievements } from './0805-achievements';
import { apiTokens } from './0901-api-tokens';
import { rateLimits } from './0902-rate-limits';
import { auditLogs } from './0903-audit-logs';
import { policyConfigurations } from './0904-policy-configurations';

/**
 * Tables of phases 04xx-09xx in phase order: engagement (04), content and communication (05),
 * display (06), analytics (07), gamification (08), API and security (09). They reference
 * `users`, `venues`, `conferences`, `sessions` and `participants` of phases 01xx-03xx.
 *
 * @example
 * const migrations = [...tablesPhase00to03, ...tablesPhase04to09].map(tableMigration);
 */
export const tablesPhase04to09: TableDefinition[] = [
  questions,
  polls,
  pollOptions,
  pollVotes,
  surveys,
  surveyQuestions,
  surveyResponses,
  documents,
  notifications,
  notificationConfigurations,
  communicationLogs,
  media,
  displayScreens,
  displayTimers,
  screenLayouts,
  participantActivityLogs,
  performanceMetrics,
  reportSchedules,
  games,
  gameScores,
  virtualExhibitions,
  exhibitionBooths,
  achievements,
  apiTokens,
  rateLimits,
  auditLogs,
  policyConfigurations,
];
