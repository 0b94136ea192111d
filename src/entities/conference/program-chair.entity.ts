import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsIn, IsUUID } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { PROGRAM_CHAIR_ROLES, programChairs } from '../../schema/tables/0204-program-chairs';
import { User } from '../identity/user.entity';
import { Program } from './program.entity';

/** One of {@link PROGRAM_CHAIR_ROLES}. */
export type ProgramChairRole = (typeof PROGRAM_CHAIR_ROLES)[number];

/**
 * A user on the committee of a program (table `program_chairs`, a junction: one live row per
 * program and user, both of the same tenant).
 *
 * @example
 * await withTenant(t, () => programChairs.save({ programId: main.id, userId: ada.id, role: 'chair' }));
 */
@DefinedEntity(programChairs)
export class ProgramChair extends TenantAwareEntity {
  @Column({ name: 'program_id' }) @IsUUID('all') programId: string;
  @ManyToOne(() => Program) @JoinColumn({ name: 'program_id' }) program?: Program;
  @Column({ name: 'user_id' }) @IsUUID('all') userId: string;
  @ManyToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @Column() @IsIn(PROGRAM_CHAIR_ROLES) role: ProgramChairRole;
}
