import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, notifications } from '../../schema/tables/0502-notifications';
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
@DefinedEntity(notifications)
export class Notification extends TenantAwareEntity {
  @Column({ name: 'user_id' }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column({ name: 'participant_id' }) @IsOptional() @IsUUID('all') participantId: string | null;
  @ManyToOne(() => Participant, { nullable: true }) @JoinColumn({ name: 'participant_id' }) participant?: Participant | null;
  @Column() @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsString() body: string;
  @Column() @IsOptional() @IsObject() data: Record<string, unknown> | null;
  @Column() @IsIn(NOTIFICATION_STATUSES) status: NotificationStatus;
  @Column({ name: 'sent_at' }) @IsOptional() @IsDate() sentAt: Date | null;
  @Column({ name: 'read_at' }) @IsOptional() @IsDate() readAt: Date | null;
}
