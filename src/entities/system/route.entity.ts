import { Column, CreateDateColumn, DeleteDateColumn, UpdateDateColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROUTE_METHODS, routes } from '../../schema/tables/0007-routes';
import { UuidV7Entity } from '../uuid-v7-entity';

/** One of {@link ROUTE_METHODS}. */
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * A named application route or deep link (table `routes`, global); the name is unique among live routes.
 *
 * @example
 * await withoutTenantScope(() => routes.save({ name: 'conference.show', path: '/c/{slug}', isPublic: true }));
 */
@DefinedEntity(routes)
export class Route extends UuidV7Entity {
  @Column() @Matches(/^[A-Za-z0-9_.:-]+$/) @Length(1, 255) name: string;
  @Column() @Matches(/^\//) @Length(1, 2048) path: string;
  @Column() @IsIn(ROUTE_METHODS) method: RouteMethod;
  @Column({ name: 'is_public' }) @IsBoolean() isPublic: boolean;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() metadata: Record<string, unknown> | null;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at' }) updatedAt: Date;
  @DeleteDateColumn({ name: 'deleted_at' }) deletedAt: Date | null;
}
