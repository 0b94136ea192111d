import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { NOTIFICATION_CHANNELS } from '../../migrations/schema/tables/0502-notifications';
import { COMMUNICATION_STATUSES } from '../../migrations/schema/tables/0504-communication-logs';
import { Notification, type NotificationChannel } from './notification.entity';

/** One of {@link COMMUNICATION_STATUSES}. */
export type CommunicationStatus = (typeof COMMUNICATION_STATUSES)[number];

/**
 * One delivery attempt of an outgoing message as reported by the provider (table `communication_logs`).
 *
 * @example
 * await withTenant(t, () => logs.save({ notificationId, recipient: 'ada@example.com', channel: 'email', provider: 'ses', status: 'sent' }));
 */
@Entity('communication_logs')
export class CommunicationLog extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'notification_id', nullable: true }) @IsOptional() @IsUUID('all') notificationId: string | null;
  @ManyToOne(() => Notification, { nullable: true }) @JoinColumn({ name: 'notification_id' }) notification?: Notification | null;
  /** Email address, E.164 phone number or device token. */
  @Column({ type: 'varchar', length: 320 }) @IsString() @Length(1, 320) recipient: string;
  @Column({ type: 'varchar', length: 6 }) @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @Column({ type: 'varchar', length: 100, nullable: true }) @IsOptional() @Length(1, 100) provider: string | null;
  @Column({ type: 'varchar', length: 9, default: 'queued' }) @IsIn(COMMUNICATION_STATUSES) status: CommunicationStatus;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'timestamp', name: 'occurred_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() occurredAt: Date;
}
