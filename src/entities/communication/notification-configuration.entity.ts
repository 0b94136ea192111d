import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { notificationConfigurations } from '../../schema/tables/0503-notification-configurations';
import { IsBoolean, IsIn, IsObject, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { NOTIFICATION_CHANNELS } from '../../schema/tables/0502-notifications';
import { Conference } from '../conference/conference.entity';
import type { NotificationChannel } from './notification.entity';

/**
 * Whether an event notifies on a channel, and with which template (table
 * `notification_configurations`); per conference, or tenant-wide when `conferenceId` is null.
 * Unique per (tenant, conference, event, channel); tenant-wide rows are not unique in the database
 * (NULL never collides in a unique index).
 *
 * @example
 * await withTenant(t, () => configs.save({ conferenceId, event: 'session.starting', channel: 'push', isEnabled: true }));
 */
@DefinedEntity(notificationConfigurations)
export class NotificationConfiguration extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  /** Application event key, e.g. `session.starting`. */
  @Column() @Length(1, 100) @Matches(/^[a-z0-9_.:-]+$/) event: string;
  @Column() @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @Column({ name: 'is_enabled' }) @IsBoolean() isEnabled: boolean;
  @Column() @IsOptional() @IsObject() template: Record<string, unknown> | null;
}
