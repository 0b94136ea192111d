import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { pollVotes } from '../../schema/tables/0404-poll-votes';
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
@DefinedEntity(pollVotes)
export class PollVote extends TenantAwareEntity {
  @Column({ name: 'poll_id' }) @IsUUID('all') pollId: string;
  @ManyToOne(() => Poll, { nullable: false }) @JoinColumn({ name: 'poll_id' }) poll?: Poll;
  @Column({ name: 'poll_option_id' }) @IsUUID('all') pollOptionId: string;
  @ManyToOne(() => PollOption, { nullable: false }) @JoinColumn({ name: 'poll_option_id' }) pollOption?: PollOption;
  @Column({ name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant, { nullable: false }) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
}
