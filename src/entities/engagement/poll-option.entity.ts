import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsInt, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Poll } from './poll.entity';

/**
 * An answer option of a poll (table `poll_options`), shown in `orderIndex` order.
 *
 * @example
 * await withTenant(t, () => pollOptions.save([{ pollId, label: 'Tabs' }, { pollId, label: 'Spaces', orderIndex: 1 }]));
 */
@Entity('poll_options')
export class PollOption extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'poll_id' }) @IsUUID('all') pollId: string;
  @ManyToOne(() => Poll, (poll) => poll.options, { nullable: false }) @JoinColumn({ name: 'poll_id' }) poll?: Poll;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) label: string;
  @Column({ type: 'int', name: 'order_index', default: 0 }) @IsInt() @Min(0) orderIndex: number;
}
