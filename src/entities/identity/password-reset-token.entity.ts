import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
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
@Entity('password_reset_tokens')
export class PasswordResetToken extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'user_id' }) @IsUUID('all') userId: string;
  @ManyToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column({ type: 'varchar', length: 255, name: 'token_hash' }) @IsString() @Length(16, 255) tokenHash: string;
  @Column({ type: 'timestamp', name: 'expires_at' }) expiresAt: Date;
  @Column({ type: 'timestamp', name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column({ type: 'varchar', length: 45, name: 'requested_ip', nullable: true }) @IsOptional() @IsIP() requestedIp: string | null;
}
