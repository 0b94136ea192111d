import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { screenLayouts } from '../../schema/tables/0603-screen-layouts';
import { IsBoolean, IsObject, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { DisplayScreen } from './display-screen.entity';

/**
 * A layout of a display screen (table `screen_layouts`): zones and their widgets; one is active.
 *
 * @example
 * await withTenant(t, () => layouts.save({ displayScreenId, name: 'Default', layout: { zones: [] }, isActive: true }));
 */
@DefinedEntity(screenLayouts)
export class ScreenLayout extends TenantAwareEntity {
  @Column({ name: 'display_screen_id' }) @IsUUID('all') displayScreenId: string;
  @ManyToOne(() => DisplayScreen, { nullable: false }) @JoinColumn({ name: 'display_screen_id' }) displayScreen?: DisplayScreen;
  @Column() @IsString() @Length(1, 200) name: string;
  /** Zones with position, size and widget configuration. */
  @Column() @IsObject() layout: Record<string, unknown>;
  @Column({ name: 'is_active' }) @IsBoolean() isActive: boolean;
}
