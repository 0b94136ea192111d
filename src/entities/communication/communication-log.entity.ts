import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { NOTIFICATION_CHANNELS } from '../../schema/tables/0502-notifications';
import { COMMUNICATION_STATUSES, communicationLogs } from '../../schema/tables/0504-communication-logs';
import { Notification, type NotificationChannel } from './notification.entity';

/** One of {@link COMMUNICATION_STATUSES}. */
export type CommunicationStatus = (typeof COMMUNICATION_STATUSES)[number];

/**
 * One delivery attempt of an outgoing message as reported by the provider (table `communication_logs`).
 *
 * @example
 * await withTenant(t, () => logs.save({ notificationId, recipient: 'ada@example.com', channel: 'email', provider: 'ses', status: 'sent' }));
 */
@DefinedEntity(communicationLogs)
export class CommunicationLog extends TenantAwareEntity {
  @Column({ name: 'notification_id' }) @IsOptional() @IsUUID('all') notificationId: string | null;
  @ManyToOne(() => Notification, { nullable: true }) @JoinColumn({ name: 'notification_id' }) notification?: Notification | null;
  /** Email address, E.164 phone number or device token. */
  @Column() @IsString() @Length(1, 320) recipient: string;
  @Column() @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @Column() @IsOptional() @Length(1, 100) provider: string | null;
  @Column() @IsIn(COMMUNICATION_STATUSES) status: CommunicationStatus;
  @Column() error: string | null;
  @Column({ name: 'occurred_at' }) @IsOptional() @IsDate() occurredAt: Date;
}
