import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { apiTokens } from '../../schema/tables/0901-api-tokens';
import { IsArray, IsDate, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { User } from '../identity/user.entity';

/**
 * An API token for machine access (table `api_tokens`). Only a hash of the secret is stored; it is
 * never selected by default.
 *
 * @example
 * const tokenHash = createHash('sha256').update(secret).digest('hex');
 * await withTenant(t, () => tokens.save({ userId, name: 'CI', tokenHash, abilities: ['conferences:read'] }));
 */
@DefinedEntity(apiTokens)
export class ApiToken extends TenantAwareEntity {
  @Column({ name: 'user_id' }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column() @IsString() @Length(1, 200) name: string;
  /** Hash of the secret (e.g. SHA-256 hex), unique per tenant. */
  @Column({ name: 'token_hash', select: false }) @Length(32, 255) @Matches(/^[A-Za-z0-9+/=$.:_-]+$/) tokenHash: string;
  /** Granted abilities; null grants the user's own. */
  @Column() @IsOptional() @IsArray() @IsString({ each: true }) abilities: string[] | null;
  @Column({ name: 'last_used_at' }) @IsOptional() @IsDate() lastUsedAt: Date | null;
  @Column({ name: 'expires_at' }) @IsOptional() @IsDate() expiresAt: Date | null;
}
