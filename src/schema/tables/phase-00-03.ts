import type { TableDefinition } from '../table-definition';
import { cache } from './0001-cache';
import { webSessions } from './0002-web-sessions';
import { jobs } from './0003-jobs';
import { failedJobs } from './0004-failed-jobs';
import { countries } from './0005-countries';
import { languages } from './0006-languages';
import { routes } from './0007-routes';
import { users } from './0101-users';
import { userRoles } from './0102-user-roles';
import { tenantSettings } from './0103-tenant-settings';
import { systemSettings } from './0104-system-settings';
import { passwordResetTokens } from './0105-password-reset-tokens';
import { venues } from './0201-venues';
import { conferences } from './0202-conferences';
import { programs } from './0203-programs';
import { programChairs } from './0204-program-chairs';
import { speakers } from './0205-speakers';
import { sessions } from './0301-sessions';
import { participants } from './0302-participants';
import { sessionSpeakers } from './0303-session-speakers';
import { sessionAttendance } from './0304-session-attendance';

/**
 * The tables of phases 00xx (system foundation) to 03xx (sessions and participants), in phase
 * order, `tenants` (0100) excepted: it has a migration of its own. Users, venues and conferences
 * are included so the list is the whole schema of these phases.
 *
 * @example
 * const migrations = tablesPhase00to03.map(tableMigration);
 */
export const tablesPhase00to03: TableDefinition[] = [
  cache,
  webSessions,
  jobs,
  failedJobs,
  countries,
  languages,
  routes,
  users,
  userRoles,
  tenantSettings,
  systemSettings,
  passwordResetTokens,
  venues,
  conferences,
  programs,
  programChairs,
  speakers,
  sessions,
  participants,
  sessionSpeakers,
  sessionAttendance,
];
