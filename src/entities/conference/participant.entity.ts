import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { PARTICIPANT_STATUSES, PARTICIPANT_TYPES } from '../../migrations/schema/tables/0302-participants';
import { User } from '../identity/user.entity';
import { Conference } from './conference.entity';

/** One of {@link PARTICIPANT_TYPES}. */
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];
/** One of {@link PARTICIPANT_STATUSES}. */
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/**
 * A person registered for a conference (table `participants`); one live row per conference and
 * email. `userId` optionally links an account of the same tenant.
 *
 * @example
 * await withTenant(t, () => participants.save({ conferenceId: c.id, email: 'ada@example.com', name: 'Ada', type: 'speaker' }));
 */
@Entity('participants')
export class Participant extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'uuid', name: 'user_id', nullable: true }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column({ type: 'varchar', length: 320 }) @IsEmail() @Length(3, 320) email: string;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 16, default: 'attendee' }) @IsIn(PARTICIPANT_TYPES) type: ParticipantType;
  @Column({ type: 'varchar', length: 16, default: 'registered' }) @IsIn(PARTICIPANT_STATUSES) status: ParticipantStatus;
  @Column({ type: 'timestamp', name: 'registered_at', default: () => 'CURRENT_TIMESTAMP' }) registeredAt: Date;
  @Column({ type: 'timestamp', name: 'checked_in_at', nullable: true }) checkedInAt: Date | null;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() metadata: Record<string, unknown> | null;
}
