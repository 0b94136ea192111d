import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { auditLogs } from '../../schema/tables/0903-audit-logs';
import { IsDate, IsIP, IsObject, IsOptional, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { User } from '../identity/user.entity';

/**
 * One entry of the append-only audit trail (table `audit_logs`): who changed which row, from where,
 * with the values before and after. `entityId` is deliberately not a relation: it may point to a
 * row of any table (named by `entityType`).
 *
 * @example
 * await withTenant(t, () => audit.save({ userId, action: 'update', entityType: 'conferences', entityId: id,
 *   oldValues: { title: 'Old' }, newValues: { title: 'New' } }));
 */
@DefinedEntity(auditLogs)
export class AuditLog extends TenantAwareEntity {
  @Column({ name: 'user_id' }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column() @Length(1, 100) action: string;
  @Column({ name: 'entity_type' }) @IsOptional() @Length(1, 100) entityType: string | null;
  @Column({ name: 'entity_id' }) @IsOptional() @IsUUID('all') entityId: string | null;
  @Column({ name: 'old_values' }) @IsOptional() @IsObject() oldValues: Record<string, unknown> | null;
  @Column({ name: 'new_values' }) @IsOptional() @IsObject() newValues: Record<string, unknown> | null;
  @Column({ name: 'ip_address' }) @IsOptional() @IsIP() ipAddress: string | null;
  @Column({ name: 'user_agent' }) userAgent: string | null;
  @Column({ name: 'occurred_at' }) @IsOptional() @IsDate() occurredAt: Date;
}
