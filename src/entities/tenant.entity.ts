import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';
import { DefinedEntity } from './defined-entity';
import { TENANT_STATUSES, tenants } from '../schema/tables/0100-tenants';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { UuidV7Entity } from './uuid-v7-entity';

/**
 * Lifecycle states of a tenant.
 *
 * @example
 * TENANT_STATUSES.includes(tenant.status); // true
 */
export { TENANT_STATUSES };
/** One of {@link TENANT_STATUSES}. */
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/**
 * A customer of the platform (table `tenants`). Tenants are global rows, so create and change them
 * inside `withoutTenantScope` (admin work); every tenant-aware row references one.
 *
 * @example
 * const acme = await withoutTenantScope(() =>
 *   dataSource.getRepository(Tenant).save({ name: 'Acme', slug: 'acme' }));
 * await withTenant(acme.id, handleRequest);
 */
@DefinedEntity(tenants)
export class Tenant extends UuidV7Entity {
  @Column()
  @IsString()
  @Length(1, 200)
  name: string;

  /** URL-safe handle, unique among live tenants (lowercase letters, digits, single dashes). */
  @Column()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters, digits and single dashes' })
  @Length(1, 100)
  slug: string;

  @Column()
  @IsIn(TENANT_STATUSES)
  status: TenantStatus;

  /** Free-form tenant configuration (jsonb on PostgreSQL, JSON on the MySQL family); null for none. */
  @Column()
  @IsOptional()
  @IsObject()
  settings: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at' })
  deletedAt: Date | null;
}
