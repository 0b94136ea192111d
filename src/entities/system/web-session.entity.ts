import { Column, PrimaryColumn } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { webSessions } from '../../schema/tables/0002-web-sessions';
import { IsInt, IsIP, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { unixSecondsTransformer } from './unix-seconds-transformer';

/**
 * An HTTP session of the web application (table `web_sessions`, global; conference sessions are
 * {@link Session}). `userId` is a plain uuid without a foreign key: users are tenant rows.
 *
 * @example
 * await webSessions.save({ id: sid, payload: '{}', lastActivity: Math.floor(Date.now() / 1000) });
 */
@DefinedEntity(webSessions)
export class WebSession {
  @PrimaryColumn() @IsString() @Length(1, 255) id: string;
  @Column({ name: 'user_id' }) @IsOptional() @IsUUID('all') userId: string | null;
  @Column({ name: 'ip_address' }) @IsOptional() @IsIP() ipAddress: string | null;
  @Column({ name: 'user_agent' }) userAgent: string | null;
  @Column() @IsString() payload: string;
  @Column({ name: 'last_activity', transformer: unixSecondsTransformer }) @IsInt() @Min(0) lastActivity: number;
}
