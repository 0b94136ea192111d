import { Column, Entity } from 'typeorm';
import { IsDate, IsInt, IsOptional, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';

/**
 * A fixed-window rate-limit counter (table `rate_limits`), one row per limited key and tenant.
 *
 * @example
 * await withTenant(t, () => limits.save({ key: `login:${email}`, hits: 1, windowSeconds: 60 }));
 */
@Entity('rate_limits')
export class RateLimit extends TenantAwareEntity {
  /** What is limited, e.g. `api:<token id>` or `login:<email>`. */
  @Column({ type: 'varchar', length: 255 }) @Length(1, 255) key: string;
  @Column({ type: 'int', default: 0 }) @IsInt() @Min(0) hits: number;
  @Column({ type: 'timestamp', name: 'window_start', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() windowStart: Date;
  @Column({ type: 'int', name: 'window_seconds' }) @IsInt() @Min(1) windowSeconds: number;
}
