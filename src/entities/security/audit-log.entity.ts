import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
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
@Entity('audit_logs')
export class AuditLog extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'user_id', nullable: true }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column({ type: 'varchar', length: 100 }) @Length(1, 100) action: string;
  @Column({ type: 'varchar', length: 100, name: 'entity_type', nullable: true }) @IsOptional() @Length(1, 100) entityType: string | null;
  @Column({ type: 'uuid', name: 'entity_id', nullable: true }) @IsOptional() @IsUUID('all') entityId: string | null;
  @Column({ type: 'json', name: 'old_values', nullable: true }) @IsOptional() @IsObject() oldValues: Record<string, unknown> | null;
  @Column({ type: 'json', name: 'new_values', nullable: true }) @IsOptional() @IsObject() newValues: Record<string, unknown> | null;
  @Column({ type: 'varchar', length: 45, name: 'ip_address', nullable: true }) @IsOptional() @IsIP() ipAddress: string | null;
  @Column({ type: 'text', name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column({ type: 'timestamp', name: 'occurred_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() occurredAt: Date;
}
