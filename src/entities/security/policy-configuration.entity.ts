import { Column} from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { policyConfigurations } from '../../schema/tables/0904-policy-configurations';
import { IsBoolean, IsInt, IsObject, IsString, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';

/**
 * A named access or security policy of a tenant (table `policy_configurations`); the name is unique
 * per tenant among live (not soft-deleted) policies, and policies are evaluated by `priority`.
 *
 * @example
 * await withTenant(t, () => policies.save({ name: 'Strong passwords', policyType: 'password', rules: { minLength: 12 }, isActive: true }));
 */
@DefinedEntity(policyConfigurations)
export class PolicyConfiguration extends TenantAwareEntity {
  @Column() @IsString() @Length(1, 200) name: string;
  @Column({ name: 'policy_type' }) @Length(1, 100) policyType: string;
  @Column() @IsObject() rules: Record<string, unknown>;
  @Column({ name: 'is_active' }) @IsBoolean() isActive: boolean;
  /** Evaluation order, lower first. */
  @Column() @IsInt() priority: number;
}
