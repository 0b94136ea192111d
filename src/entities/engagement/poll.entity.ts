import { Column, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { POLL_STATUSES, polls } from '../../schema/tables/0402-polls';
import { Conference } from '../conference/conference.entity';
import { Session } from '../conference/session.entity';
import type { PollOption } from './poll-option.entity';

/** One of {@link POLL_STATUSES}. */
export type PollStatus = (typeof POLL_STATUSES)[number];

/**
 * A live poll of a conference (table `polls`), optionally run inside one session; its answers are
 * {@link PollOption}s.
 *
 * @example
 * await withTenant(t, () => polls.save({ conferenceId, title: 'Tabs or spaces?', status: 'open' }));
 */
@DefinedEntity(polls)
export class Poll extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ name: 'session_id' }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsIn(POLL_STATUSES) status: PollStatus;
  @Column({ name: 'allows_multiple' }) @IsBoolean() allowsMultiple: boolean;
  @Column({ name: 'opens_at' }) @IsOptional() @IsDate() opensAt: Date | null;
  @Column({ name: 'closes_at' }) @IsOptional() @IsDate() closesAt: Date | null;
  @OneToMany('PollOption', 'poll') options?: PollOption[];
}
