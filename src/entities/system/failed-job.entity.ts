import { Column, CreateDateColumn, Entity } from 'typeorm';
import { IsString, IsUUID, Length } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * A job that failed for good (table `failed_jobs`, global), kept with its exception for inspection
 * and retry. `uuid` is the id the queue gave the job (any UUID version), unique.
 *
 * @example
 * await failedJobs.save({ uuid: job.uuid, connection: 'database', queue: 'mail', payload, exception: String(err.stack) });
 */
@Entity('failed_jobs')
export class FailedJob extends UuidV7Entity {
  @Column({ type: 'uuid' }) @IsUUID('all') uuid: string;
  @Column({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) connection: string;
  @Column({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) queue: string;
  @Column({ type: 'text' }) @IsString() payload: string;
  @Column({ type: 'text' }) @IsString() exception: string;
  @CreateDateColumn({ name: 'failed_at' }) failedAt: Date;
}
