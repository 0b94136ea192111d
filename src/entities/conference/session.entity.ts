import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SESSION_STATUSES, SESSION_TYPES, sessions } from '../../schema/tables/0301-sessions';
import { Conference } from './conference.entity';
import { Program } from './program.entity';
import { Venue } from './venue.entity';

/** One of {@link SESSION_TYPES}. */
export type SessionType = (typeof SESSION_TYPES)[number];
/** One of {@link SESSION_STATUSES}. */
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * A session of a conference schedule (table `sessions`): keynote, talk, workshop, panel, break or
 * networking. HTTP sessions are {@link WebSession}. `programId` and `venueId` are optional.
 *
 * @example
 * await withTenant(t, () => sessions.save({ conferenceId: c.id, title: 'Opening keynote', type: 'keynote',
 *   startTime: new Date('2027-05-01T09:00:00Z'), endTime: new Date('2027-05-01T10:00:00Z') }));
 */
@DefinedEntity(sessions)
export class Session extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ name: 'program_id' }) @IsOptional() @IsUUID('all') programId: string | null;
  @ManyToOne(() => Program, { nullable: true }) @JoinColumn({ name: 'program_id' }) program?: Program | null;
  @Column({ name: 'venue_id' }) @IsOptional() @IsUUID('all') venueId: string | null;
  @ManyToOne(() => Venue, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsIn(SESSION_TYPES) type: SessionType;
  @Column() @IsIn(SESSION_STATUSES) status: SessionStatus;
  @Column({ name: 'start_time' }) @IsDate() startTime: Date;
  @Column({ name: 'end_time' }) @IsDate() endTime: Date;
  @Column() @IsOptional() @Length(1, 100) room: string | null;
  @Column() @IsOptional() @IsInt() @Min(1) capacity: number | null;
}
