import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { SESSION_STATUSES, SESSION_TYPES } from '../../migrations/schema/tables/0301-sessions';
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
@Entity('sessions')
export class Session extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'uuid', name: 'program_id', nullable: true }) @IsOptional() @IsUUID('all') programId: string | null;
  @ManyToOne(() => Program, { nullable: true }) @JoinColumn({ name: 'program_id' }) program?: Program | null;
  @Column({ type: 'uuid', name: 'venue_id', nullable: true }) @IsOptional() @IsUUID('all') venueId: string | null;
  @ManyToOne(() => Venue, { nullable: true }) @JoinColumn({ name: 'venue_id' }) venue?: Venue | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 16, default: 'talk' }) @IsIn(SESSION_TYPES) type: SessionType;
  @Column({ type: 'varchar', length: 16, default: 'draft' }) @IsIn(SESSION_STATUSES) status: SessionStatus;
  @Column({ type: 'timestamp', name: 'start_time' }) @IsDate() startTime: Date;
  @Column({ type: 'timestamp', name: 'end_time' }) @IsDate() endTime: Date;
  @Column({ type: 'varchar', length: 100, nullable: true }) @IsOptional() @Length(1, 100) room: string | null;
  @Column({ type: 'int', nullable: true }) @IsOptional() @IsInt() @Min(1) capacity: number | null;
}
