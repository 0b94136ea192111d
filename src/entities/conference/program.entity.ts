import { Column, Entity, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { PROGRAM_STATUSES } from '../../migrations/schema/tables/0203-programs';
import { Conference } from './conference.entity';

/** One of {@link PROGRAM_STATUSES}. */
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/**
 * A program of a conference (table `programs`); tracks are child programs (`parentId`), which
 * must belong to the same tenant.
 *
 * @example
 * const main = await withTenant(t, () => programs.save({ conferenceId: c.id, title: 'Main program' }));
 * await withTenant(t, () => programs.save({ conferenceId: c.id, parentId: main.id, title: 'Frontend track' }));
 */
@Entity('programs')
export class Program extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) @IsOptional() @IsUUID('all') parentId: string | null;
  @ManyToOne(() => Program, (program) => program.children, { nullable: true }) @JoinColumn({ name: 'parent_id' }) parent?: Program | null;
  @OneToMany(() => Program, (program) => program.parent) children?: Program[];
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 16, default: 'draft' }) @IsIn(PROGRAM_STATUSES) status: ProgramStatus;
  @Column({ type: 'date', name: 'start_date', nullable: true }) @IsOptional() @IsDateString() startDate: string | null;
  @Column({ type: 'date', name: 'end_date', nullable: true }) @IsOptional() @IsDateString() endDate: string | null;
  @Column({ type: 'int', default: 0 }) @IsInt() @Min(0) position: number;
}
