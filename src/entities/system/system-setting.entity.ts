import { Column, CreateDateColumn, DeleteDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { IsBoolean, IsDefined, IsOptional, IsString, Length } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * A platform-wide setting (table `system_settings`, global): a key unique among live rows and a
 * JSON value. Change them as admin work, inside `withoutTenantScope`.
 *
 * @example
 * await withoutTenantScope(() => systemSettings.save({ key: 'signup.enabled', value: true }));
 */
@Entity('system_settings')
export class SystemSetting extends UuidV7Entity {
  @Column({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) key: string;
  /** Any JSON value: object, array, string, number or boolean. */
  @Column({ type: 'json' }) @IsDefined() value: unknown;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'boolean', name: 'is_public', default: false }) @IsBoolean() isPublic: boolean;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
