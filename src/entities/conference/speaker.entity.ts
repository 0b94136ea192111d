import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsEmail, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { User } from '../identity/user.entity';

/**
 * A speaker profile of a tenant (table `speakers`), reused across conferences; the email is unique
 * per tenant among live speakers, and `userId` optionally links the speaker's account.
 *
 * @example
 * await withTenant(t, () => speakers.save({ name: 'Grace Hopper', email: 'grace@example.com', socialLinks: { github: 'https://github.com/grace' } }));
 */
@Entity('speakers')
export class Speaker extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'user_id', nullable: true }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) name: string;
  @Column({ type: 'varchar', length: 320 }) @IsEmail() @Length(3, 320) email: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() bio: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) @IsOptional() @Length(1, 200) company: string | null;
  @Column({ type: 'varchar', length: 200, name: 'job_title', nullable: true }) @IsOptional() @Length(1, 200) jobTitle: string | null;
  @Column({ type: 'varchar', length: 2048, name: 'photo_url', nullable: true }) @IsOptional() @IsUrl() @Length(1, 2048) photoUrl: string | null;
  @Column({ type: 'json', name: 'social_links', nullable: true }) @IsOptional() @IsObject() socialLinks: Record<string, string> | null;
}
