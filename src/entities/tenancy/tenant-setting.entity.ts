import { Column, Entity } from 'typeorm';
import { IsDefined, IsString, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';

/**
 * A setting of the current tenant (table `tenant_settings`): a key unique per tenant among live
 * rows and any JSON value.
 *
 * @example
 * await withTenant(t, () => tenantSettings.save({ key: 'mail.from', value: 'events@acme.example' }));
 */
@Entity('tenant_settings')
export class TenantSetting extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) key: string;
  /** Any JSON value: object, array, string, number or boolean. */
  @Column({ type: 'json' }) @IsDefined() value: unknown;
}
