import { Column, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { PROGRAM_STATUSES, programs } from '../../schema/tables/0203-programs';
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
@DefinedEntity(programs)
export class Program extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ name: 'parent_id' }) @IsOptional() @IsUUID('all') parentId: string | null;
  @ManyToOne(() => Program, (program) => program.children, { nullable: true }) @JoinColumn({ name: 'parent_id' }) parent?: Program | null;
  @OneToMany(() => Program, (program) => program.parent) children?: Program[];
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsIn(PROGRAM_STATUSES) status: ProgramStatus;
  @Column({ name: 'start_date' }) @IsOptional() @IsDateString() startDate: string | null;
  @Column({ name: 'end_date' }) @IsOptional() @IsDateString() endDate: string | null;
  @Column() @IsInt() @Min(0) position: number;
}
