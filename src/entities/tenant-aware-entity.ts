import { Column, CreateDateColumn, DeleteDateColumn, Index, UpdateDateColumn } from 'typeorm';
import { IsOptional, IsUUID } from 'class-validator';
import { UuidV7Entity } from './uuid-v7-entity';

/**
 * Base of every business entity: a UUIDv7 `id`, the owning `tenantId` (column `tenant_id`, stamped
 * from `withTenant` and immutable), audit timestamps, soft delete and the acting user. In the
 * bundled migrations `tenant_id` is NOT NULL, indexed and references `tenants.id` ON DELETE CASCADE.
 *
 * @example
 * @Entity('conferences')
 * export class Conference extends TenantAwareEntity {
 *   @Column({ type: 'varchar', length: 200 }) title: string;
 * }
 * await withTenant(tenantId, () => dataSource.getRepository(Conference).save({ title: 'NodeConf' }));
 */
export abstract class TenantAwareEntity extends UuidV7Entity {
  /** Owning tenant. Leave unset: it is stamped from the context on insert and can never change. */
  @Index()
  @Column({ type: 'uuid', name: 'tenant_id' })
  @IsOptional()
  @IsUUID('all')
  tenantId: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  /** Set by `softRemove`/`softDelete`; such rows are hidden from reads. */
  @DeleteDateColumn({ name: 'deleted_at' })
  deletedAt: Date | null;

  /** The `actorId` given to `withTenant` when the row was created. */
  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  @IsOptional()
  @IsUUID('all')
  createdBy: string | null;

  /** The `actorId` given to `withTenant` at the last change. */
  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  @IsOptional()
  @IsUUID('all')
  updatedBy: string | null;
}
