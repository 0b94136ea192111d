import { Column, CreateDateColumn, Entity } from 'typeorm';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * A pending background job of the database queue (table `jobs`, global).
 *
 * @example
 * await jobs.save({ queue: 'mail', payload: JSON.stringify({ handler: 'SendInvite', args: [id] }) });
 */
@Entity('jobs')
export class Job extends UuidV7Entity {
  @Column({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) queue: string;
  @Column({ type: 'text' }) @IsString() payload: string;
  @Column({ type: 'int', default: 0 }) @IsInt() @Min(0) attempts: number;
  @Column({ type: 'timestamp', name: 'reserved_at', nullable: true }) reservedAt: Date | null;
  @Column({ type: 'timestamp', name: 'available_at', default: () => 'CURRENT_TIMESTAMP' }) availableAt: Date;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
}
