import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsInt, IsIP, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { unixSecondsTransformer } from './unix-seconds-transformer';

/**
 * An HTTP session of the web application (table `web_sessions`, global; conference sessions are
 * {@link Session}). `userId` is a plain uuid without a foreign key: users are tenant rows.
 *
 * @example
 * await webSessions.save({ id: sid, payload: '{}', lastActivity: Math.floor(Date.now() / 1000) });
 */
@Entity('web_sessions')
export class WebSession {
  @PrimaryColumn({ type: 'varchar', length: 255 }) @IsString() @Length(1, 255) id: string;
  @Column({ type: 'uuid', name: 'user_id', nullable: true }) @IsOptional() @IsUUID('all') userId: string | null;
  @Column({ type: 'varchar', length: 45, name: 'ip_address', nullable: true }) @IsOptional() @IsIP() ipAddress: string | null;
  @Column({ type: 'text', name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column({ type: 'text' }) @IsString() payload: string;
  @Column({ type: 'bigint', name: 'last_activity', transformer: unixSecondsTransformer }) @IsInt() @Min(0) lastActivity: number;
}
