import { Column, Entity } from 'typeorm';
import { IsEmail, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { USER_STATUSES } from '../../migrations/schema/tables/0101-users';

/**
 * A person who signs in to a tenant (table `users`); email unique per tenant among live users.
 *
 * @example
 * const user = await withTenant(t, () => users.save({ email: 'ada@example.com', name: 'Ada' }));
 */
@Entity('users')
export class User extends TenantAwareEntity {
  @Column({ type: 'varchar', length: 320 }) @IsEmail() email: string;
  @Column({ type: 'varchar', length: 200 }) @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 255, name: 'password_hash', nullable: true, select: false }) passwordHash?: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) @IsOptional() @Matches(/^\+[1-9]\d{1,14}$/) phone: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) locale: string | null;
  @Column({ type: 'varchar', length: 16, default: 'active' }) @IsIn(USER_STATUSES) status: (typeof USER_STATUSES)[number];
  @Column({ type: 'timestamp', name: 'email_verified_at', nullable: true }) emailVerifiedAt: Date | null;
  @Column({ type: 'timestamp', name: 'last_login_at', nullable: true }) lastLoginAt: Date | null;
  @Column({ type: 'json', nullable: true }) settings: Record<string, unknown> | null;
}
