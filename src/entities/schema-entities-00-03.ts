import { Conference } from './conference/conference.entity';
import { Participant } from './conference/participant.entity';
import { Program } from './conference/program.entity';
import { ProgramChair } from './conference/program-chair.entity';
import { Session } from './conference/session.entity';
import { SessionAttendance } from './conference/session-attendance.entity';
import { SessionSpeaker } from './conference/session-speaker.entity';
import { Speaker } from './conference/speaker.entity';
import { Venue } from './conference/venue.entity';
import { PasswordResetToken } from './identity/password-reset-token.entity';
import { User } from './identity/user.entity';
import { UserRole } from './identity/user-role.entity';
import { Country } from './reference/country.entity';
import { Language } from './reference/language.entity';
import { CacheEntry } from './system/cache-entry.entity';
import { FailedJob } from './system/failed-job.entity';
import { Job } from './system/job.entity';
import { Route } from './system/route.entity';
import { SystemSetting } from './system/system-setting.entity';
import { WebSession } from './system/web-session.entity';
import { TenantSetting } from './tenancy/tenant-setting.entity';

export {
  CacheEntry,
  Conference,
  Country,
  FailedJob,
  Job,
  Language,
  Participant,
  PasswordResetToken,
  Program,
  ProgramChair,
  Route,
  Session,
  SessionAttendance,
  SessionSpeaker,
  Speaker,
  SystemSetting,
  TenantSetting,
  User,
  UserRole,
  Venue,
  WebSession,
};

/**
 * Entity classes of the tables of phases 00xx-03xx (`tablesPhase00to03`), in phase order; add
 * `Tenant` (it has its own migration) when you list a DataSource's entities.
 *
 * @example
 * new DataSource({ type: 'postgres', url, entities: [Tenant, ...entitiesPhase00to03], migrations });
 */
export const entitiesPhase00to03 = [
  CacheEntry,
  WebSession,
  Job,
  FailedJob,
  Country,
  Language,
  Route,
  User,
  UserRole,
  TenantSetting,
  SystemSetting,
  PasswordResetToken,
  Venue,
  Conference,
  Program,
  ProgramChair,
  Speaker,
  Session,
  Participant,
  SessionSpeaker,
  SessionAttendance,
];
