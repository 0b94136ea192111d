import { Column, CreateDateColumn} from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { jobs } from '../../schema/tables/0003-jobs';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * A pending background job of the database queue (table `jobs`, global).
 *
 * @example
 * await jobs.save({ queue: 'mail', payload: JSON.stringify({ handler: 'SendInvite', args: [id] }) });
 */
@DefinedEntity(jobs)
export class Job extends UuidV7Entity {
  @Column() @IsString() @Length(1, 255) queue: string;
  @Column() @IsString() payload: string;
  @Column() @IsInt() @Min(0) attempts: number;
  @Column({ name: 'reserved_at' }) reservedAt: Date | null;
  @Column({ name: 'available_at' }) availableAt: Date;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
}
