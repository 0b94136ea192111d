import { Column} from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { rateLimits } from '../../schema/tables/0902-rate-limits';
import { IsDate, IsInt, IsOptional, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';

/**
 * A fixed-window rate-limit counter (table `rate_limits`), one row per limited key and tenant.
 *
 * @example
 * await withTenant(t, () => limits.save({ key: `login:${email}`, hits: 1, windowSeconds: 60 }));
 */
@DefinedEntity(rateLimits)
export class RateLimit extends TenantAwareEntity {
  /** What is limited, e.g. `api:<token id>` or `login:<email>`. */
  @Column() @Length(1, 255) key: string;
  @Column() @IsInt() @Min(0) hits: number;
  @Column({ name: 'window_start' }) @IsOptional() @IsDate() windowStart: Date;
  @Column({ name: 'window_seconds' }) @IsInt() @Min(1) windowSeconds: number;
}
