import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from '../../migrations/schema/tables/0502-notifications';
import { User } from '../identity/user.entity';
import { Participant } from '../conference/participant.entity';

/** One of {@link NOTIFICATION_CHANNELS}. */
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
/** One of {@link NOTIFICATION_STATUSES}. */
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * A message to a user or a participant on one channel (table `notifications`).
 *
 * @example
 * await withTenant(t, () => notifications.save({ userId, channel: 'email', title: 'Welcome', body: 'Hello!' }));
 */
@Entity('notifications')
export class Notification extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'user_id', nullable: true }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column({ type: 'uuid', name: 'participant_id', nullable: true }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  @Column({ type: 'varchar', length: 6 }) @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text' }) @IsString() body: string;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() data: Record<string, unknown> | null;
  @Column({ type: 'varchar', length: 9, default: 'pending' }) @IsIn(NOTIFICATION_STATUSES) status: NotificationStatus;
  @Column({ type: 'timestamp', name: 'sent_at', nullable: true }) @IsOptional() @IsDate() sentAt: Date | null;
  @Column({ type: 'timestamp', name: 'read_at', nullable: true }) @IsOptional() @IsDate() readAt: Date | null;
}
