import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { speakers } from '../../schema/tables/0205-speakers';
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
@DefinedEntity(speakers)
export class Speaker extends TenantAwareEntity {
  @Column({ name: 'user_id' }) @IsOptional() @IsUUID('all') userId: string | null;
  @ManyToOne(() => User, { nullable: true }) @JoinColumn({ name: 'user_id' }) user?: User | null;
  @Column() @IsString() @Length(1, 200) name: string;
  @Column() @IsEmail() @Length(3, 320) email: string;
  @Column() @IsOptional() @IsString() bio: string | null;
  @Column() @IsOptional() @Length(1, 200) company: string | null;
  @Column({ name: 'job_title' }) @IsOptional() @Length(1, 200) jobTitle: string | null;
  @Column({ name: 'photo_url' }) @IsOptional() @IsUrl() @Length(1, 2048) photoUrl: string | null;
  @Column({ name: 'social_links' }) @IsOptional() @IsObject() socialLinks: Record<string, string> | null;
}
