import { Column, Entity, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { POLL_STATUSES } from '../../migrations/schema/tables/0402-polls';
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
@Entity('polls')
export class Poll extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'uuid', name: 'session_id', nullable: true }) @IsOptional() @IsUUID('all') sessionId: string | null;
  @ManyToOne(() => Session, { nullable: true }) @JoinColumn({ name: 'session_id' }) session?: Session | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 8, default: 'draft' }) @IsIn(POLL_STATUSES) status: PollStatus;
  @Column({ type: 'boolean', name: 'allows_multiple', default: false }) @IsBoolean() allowsMultiple: boolean;
  @Column({ type: 'timestamp', name: 'opens_at', nullable: true }) @IsOptional() @IsDate() opensAt: Date | null;
  @Column({ type: 'timestamp', name: 'closes_at', nullable: true }) @IsOptional() @IsDate() closesAt: Date | null;
  @OneToMany('PollOption', 'poll') options?: PollOption[];
}
