import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { pollOptions } from '../../schema/tables/0403-poll-options';
import { IsInt, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Poll } from './poll.entity';

/**
 * An answer option of a poll (table `poll_options`), shown in `orderIndex` order.
 *
 * @example
 * await withTenant(t, () => pollOptions.save([{ pollId, label: 'Tabs' }, { pollId, label: 'Spaces', orderIndex: 1 }]));
 */
@DefinedEntity(pollOptions)
export class PollOption extends TenantAwareEntity {
  @Column({ name: 'poll_id' }) @IsUUID('all') pollId: string;
  @ManyToOne(() => Poll, (poll) => poll.options, { nullable: false }) @JoinColumn({ name: 'poll_id' }) poll?: Poll;
  @Column() @IsString() @Length(1, 200) label: string;
  @Column({ name: 'order_index' }) @IsInt() @Min(0) orderIndex: number;
}
