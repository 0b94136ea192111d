import { Column, CreateDateColumn} from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { failedJobs } from '../../schema/tables/0004-failed-jobs';
import { IsString, IsUUID, Length } from 'class-validator';
import { UuidV7Entity } from '../uuid-v7-entity';

/**
 * A job that failed for good (table `failed_jobs`, global), kept with its exception for inspection
 * and retry. `uuid` is the id the queue gave the job (any UUID version), unique.
 *
 * @example
 * await failedJobs.save({ uuid: job.uuid, connection: 'database', queue: 'mail', payload, exception: String(err.stack) });
 */
@DefinedEntity(failedJobs)
export class FailedJob extends UuidV7Entity {
  @Column() @IsUUID('all') uuid: string;
  @Column() @IsString() @Length(1, 255) connection: string;
  @Column() @IsString() @Length(1, 255) queue: string;
  @Column() @IsString() payload: string;
  @Column() @IsString() exception: string;
  @CreateDateColumn({ name: 'failed_at' }) failedAt: Date;
}
