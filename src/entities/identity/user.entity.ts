import { Column} from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsEmail, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { USER_STATUSES, users } from '../../schema/tables/0101-users';

/**
 * A person who signs in to a tenant (table `users`); email unique per tenant among live users.
 *
 * @example
 * const user = await withTenant(t, () => users.save({ email: 'ada@example.com', name: 'Ada' }));
 */
@DefinedEntity(users)
export class User extends TenantAwareEntity {
  @Column() @IsEmail() email: string;
  @Column() @Length(1, 200) name: string;
  @Column({ name: 'password_hash', select: false }) passwordHash?: string | null;
  @Column() @IsOptional() @Matches(/^\+[1-9]\d{1,14}$/) phone: string | null;
  @Column() locale: string | null;
  @Column() @IsIn(USER_STATUSES) status: (typeof USER_STATUSES)[number];
  @Column({ name: 'email_verified_at' }) emailVerifiedAt: Date | null;
  @Column({ name: 'last_login_at' }) lastLoginAt: Date | null;
  @Column() settings: Record<string, unknown> | null;
}
