import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { systemSettings } from '../../schema/tables/0104-system-settings';
import { IsBoolean, IsDefined, IsOptional, IsString, Length } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * A platform-wide setting (table `system_settings`, global): a key unique among live rows and a
 * JSON value. Change them as admin work, inside `withoutTenantScope`.
 *
 * @example
 * await withoutTenantScope(() => systemSettings.save({ key: 'signup.enabled', value: true }));
 */
@DefinedEntity(systemSettings)
export class SystemSetting extends UuidV7Entity {
  @Column() @IsString() @Length(1, 255) key: string;
  /** Any JSON value: object, array, string, number or boolean. */
  @Column() @IsDefined() value: unknown;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column({ name: 'is_public' }) @IsBoolean() isPublic: boolean;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
