import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { PARTICIPANT_STATUSES, PARTICIPANT_TYPES, participants } from '../../schema/tables/0302-participants';
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
@DefinedEntity(participants)
export class Participant extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ name: 'user_id' }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column() @IsEmail() @Length(3, 320) email: string;
  @Column() @IsString() @Length(1, 200) name: string;
  @Column() @IsIn(PARTICIPANT_TYPES) type: ParticipantType;
  @Column() @IsIn(PARTICIPANT_STATUSES) status: ParticipantStatus;
  @Column({ name: 'registered_at' }) registeredAt: Date;
  @Column({ name: 'checked_in_at' }) checkedInAt: Date | null;
  @Column() @IsOptional() @IsObject() metadata: Record<string, unknown> | null;
}
