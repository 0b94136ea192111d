import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Poll } from './poll.entity';
import { PollOption } from './poll-option.entity';
import { Participant } from '../conference/participant.entity';

/**
 * A participant's vote for one poll option (table `poll_votes`); at most one per participant and option.
 *
 * @example
 * await withTenant(t, () => pollVotes.save({ pollId, pollOptionId, participantId }));
 */
@Entity('poll_votes')
export class PollVote extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'poll_id' }) @IsUUID('all') pollId: string;
  @ManyToOne(() => Poll, { nullable: false }) @JoinColumn({ name: 'poll_id' }) poll?: Poll;
  @Column({ type: 'uuid', name: 'poll_option_id' }) @IsUUID('all') pollOptionId: string;
  @ManyToOne(() => PollOption, { nullable: false }) @JoinColumn({ name: 'poll_option_id' }) pollOption?: PollOption;
  @Column({ type: 'uuid', name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant, { nullable: false }) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
}
