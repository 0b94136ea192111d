import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsBoolean, IsIn, IsObject, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { NOTIFICATION_CHANNELS } from '../../migrations/schema/tables/0502-notifications';
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
@Entity('notification_configurations')
export class NotificationConfiguration extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id', nullable: true }) @IsOptional() @IsUUID('all') conferenceId: string | null;
  @ManyToOne(() => Conference, { nullable: true }) @JoinColumn({ name: 'conference_id' }) conference?: Conference | null;
  /** Application event key, e.g. `session.starting`. */
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) @Matches(/^[a-z0-9_.:-]+$/) event: string;
  @Column({ type: 'varchar', length: 6 }) @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @Column({ type: 'boolean', name: 'is_enabled', default: false }) @IsBoolean() isEnabled: boolean;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() template: Record<string, unknown> | null;
}
