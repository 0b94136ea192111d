import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsObject, IsOptional, IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { USER_ROLES, userRoles } from '../../schema/tables/0102-user-roles';
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
@DefinedEntity(userRoles)
export class UserRole extends TenantAwareEntity {
  @Column({ name: 'user_id' }) @IsUUID('all') userId: string;
  @ManyToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column() @IsIn(USER_ROLES) role: UserRoleName;
  @Column() @IsOptional() @IsObject() scope: Record<string, unknown> | null;
  @Column({ name: 'expires_at' }) expiresAt: Date | null;
}
