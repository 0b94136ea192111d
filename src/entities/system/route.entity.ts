import { Column, CreateDateColumn, DeleteDateColumn, Entity, UpdateDateColumn } from 'typeorm';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROUTE_METHODS } from '../../migrations/schema/tables/0007-routes';
import { UuidV7Entity } from '../uuid-v7-entity';

/** One of {@link ROUTE_METHODS}. */
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * A named application route or deep link (table `routes`, global); the name is unique among live routes.
 *
 * @example
 * await withoutTenantScope(() => routes.save({ name: 'conference.show', path: '/c/{slug}', isPublic: true }));
 */
@Entity('routes')
export class Route extends UuidV7Entity {
  @Column({ type: 'varchar', length: 255 }) @Matches(/^[A-Za-z0-9_.:-]+$/) @Length(1, 255) name: string;
  @Column({ type: 'varchar', length: 2048 }) @Matches(/^\//) @Length(1, 2048) path: string;
  @Column({ type: 'varchar', length: 7, default: 'GET' }) @IsIn(ROUTE_METHODS) method: RouteMethod;
  @Column({ type: 'boolean', name: 'is_public', default: false }) @IsBoolean() isPublic: boolean;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'json', nullable: true }) metadata: Record<string, unknown> | null;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
