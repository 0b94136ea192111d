import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsBoolean, IsObject, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DisplayScreen } from './display-screen.entity';

/**
 * A layout of a display screen (table `screen_layouts`): zones and their widgets; one is active.
 *
 * @example
 * await withTenant(t, () => layouts.save({ displayScreenId, name: 'Default', layout: { zones: [] }, isActive: true }));
 */
@Entity('screen_layouts')
export class ScreenLayout extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'display_screen_id' }) @IsUUID('all') displayScreenId: string;
  @ManyToOne(() => DisplayScreen, { nullable: false }) @JoinColumn({ name: 'display_screen_id' }) displayScreen?: DisplayScreen;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) name: string;
  /** Zones with position, size and widget configuration. */
  @Column({ type: 'json' }) @IsObject() layout: Record<string, unknown>;
  @Column({ type: 'boolean', name: 'is_active', default: false }) @IsBoolean() isActive: boolean;
}
