import { Column, Entity } from 'typeorm';
import { IsBoolean, IsInt, IsObject, IsString, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';

/**
 * A named access or security policy of a tenant (table `policy_configurations`); the name is unique
 * per tenant among live (not soft-deleted) policies, and policies are evaluated by `priority`.
 *
 * @example
 * await withTenant(t, () => policies.save({ name: 'Strong passwords', policyType: 'password', rules: { minLength: 12 }, isActive: true }));
 */
@Entity('policy_configurations')
export class PolicyConfiguration extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 100, name: 'policy_type' }) @Length(1, 100) policyType: string;
  @Column({ type: 'json' }) @IsObject() rules: Record<string, unknown>;
  @Column({ type: 'boolean', name: 'is_active', default: false }) @IsBoolean() isActive: boolean;
  /** Evaluation order, lower first. */
  @Column({ type: 'int', default: 0 }) @IsInt() priority: number;
}
