import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { passwordResetTokens } from '../../schema/tables/0105-password-reset-tokens';
import { IsIP, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { User } from './user.entity';

/**
 * A password reset request (table `password_reset_tokens`). Store only a hash of the token you
 * email (`tokenHash`, unique per tenant, never reusable); look it up by hash and set `usedAt`
 * when it is redeemed.
 *
 * @example
 * const tokenHash = createHash('sha256').update(token).digest('hex');
 * await withTenant(t, () => tokens.save({ userId: ada.id, tokenHash, expiresAt: new Date(Date.now() + 3600_000) }));
 */
@DefinedEntity(passwordResetTokens)
export class PasswordResetToken extends TenantAwareEntity {
  @Column({ name: 'user_id' }) @IsUUID('all') userId: string;
  @ManyToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column({ name: 'token_hash' }) @IsString() @Length(16, 255) tokenHash: string;
  @Column({ name: 'expires_at' }) expiresAt: Date;
  @Column({ name: 'used_at' }) usedAt: Date | null;
  @Column({ name: 'requested_ip' }) @IsOptional() @IsIP() requestedIp: string | null;
}
