import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsIn, IsObject, IsOptional, IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { USER_ROLES } from '../../migrations/schema/tables/0102-user-roles';
import { User } from './user.entity';

/** One of {@link USER_ROLES}. */
export type UserRoleName = (typeof USER_ROLES)[number];

/**
 * A role of a user in a tenant (table `user_roles`); a user holds each role at most once among
 * live rows. `scope` narrows a grant (e.g. to some conferences); NULL means the whole tenant.
 *
 * @example
 * await withTenant(t, () => userRoles.save({ userId: ada.id, role: 'organizer', scope: { conferenceIds: [c.id] } }));
 */
@Entity('user_roles')
export class UserRole extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'user_id' }) @IsUUID('all') userId: string;
  @ManyToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column({ type: 'varchar', length: 16 }) @IsIn(USER_ROLES) role: UserRoleName;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() scope: Record<string, unknown> | null;
  @Column({ type: 'timestamp', name: 'expires_at', nullable: true }) expiresAt: Date | null;
}
