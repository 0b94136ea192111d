import { Column} from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { tenantSettings } from '../../schema/tables/0103-tenant-settings';
import { IsDefined, IsString, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';

/**
 * A setting of the current tenant (table `tenant_settings`): a key unique per tenant among live
 * rows and any JSON value.
 *
 * @example
 * await withTenant(t, () => tenantSettings.save({ key: 'mail.from', value: 'events@acme.example' }));
 */
@DefinedEntity(tenantSettings)
export class TenantSetting extends TenantAwareEntity {
  @Column() @IsString() @Length(1, 255) key: string;
  /** Any JSON value: object, array, string, number or boolean. */
  @Column() @IsDefined() value: unknown;
}
