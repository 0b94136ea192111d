import { Question } from './engagement/question.entity';
import { Poll } from './engagement/poll.entity';
import { PollOption } from './engagement/poll-option.entity';
import { PollVote } from './engagement/poll-vote.entity';
import { Survey } from './engagement/survey.entity';
import { SurveyQuestion } from './engagement/survey-question.entity';
import { SurveyResponse } from './engagement/survey-response.entity';
import { Document } from './content/document.entity';
import { Notification } from './communication/notification.entity';
import { NotificationConfiguration } from './communication/notification-configuration.entity';
import { CommunicationLog } from './communication/communication-log.entity';
import { Media } from './content/media.entity';
import { DisplayScreen } from './display/display-screen.entity';
import { DisplayTimer } from './display/display-timer.entity';
import { ScreenLayout } from './display/screen-layout.entity';
import { ParticipantActivityLog } from './analytics/participant-activity-log.entity';
import { PerformanceMetric } from './analytics/performance-metric.entity';
import { ReportSchedule } from './analytics/report-schedule.entity';
import { Game } from './gamification/game.entity';
import { GameScore } from './gamification/game-score.entity';
import { VirtualExhibition } from './gamification/virtual-exhibition.entity';
import { ExhibitionBooth } from './gamification/exhibition-booth.entity';
import { Achievement } from './gamification/achievement.entity';
import { ApiToken } from './security/api-token.entity';
import { RateLimit } from './security/rate-limit.entity';
import { AuditLog } from './security/audit-log.entity';
import { PolicyConfiguration } from './security/policy-configuration.entity';

export {
  Question,
  Poll,
  PollOption,
  PollVote,
  Survey,
  SurveyQuestion,
  SurveyResponse,
  Document,
  Notification,
  NotificationConfiguration,
  CommunicationLog,
  Media,
  DisplayScreen,
  DisplayTimer,
  ScreenLayout,
  ParticipantActivityLog,
  PerformanceMetric,
  ReportSchedule,
  Game,
  GameScore,
  VirtualExhibition,
  ExhibitionBooth,
  Achievement,
  ApiToken,
  RateLimit,
  AuditLog,
  PolicyConfiguration,
};

/**
 * Entities of the tables of phases 04xx-09xx ({@link tablesPhase04to09}), in phase order. They relate
 * to `Conference`, `Venue`, `User` and (by table name) the `sessions` and `participants` entities
 * of phases 01xx-03xx, so register them together with those.
 *
 * @example
 * new DataSource({ ...options, entities: [...entitiesPhase00to03, ...entitiesPhase04to09] });
 */
export const entitiesPhase04to09 = [
  Question,
  Poll,
  PollOption,
  PollVote,
  Survey,
  SurveyQuestion,
  SurveyResponse,
  Document,
  Notification,
  NotificationConfiguration,
  CommunicationLog,
  Media,
  DisplayScreen,
  DisplayTimer,
  ScreenLayout,
  ParticipantActivityLog,
  PerformanceMetric,
  ReportSchedule,
  Game,
  GameScore,
  VirtualExhibition,
  ExhibitionBooth,
  Achievement,
  ApiToken,
  RateLimit,
  AuditLog,
  PolicyConfiguration,
];
