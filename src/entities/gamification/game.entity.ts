import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { IsDate, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { GAME_STATUSES, GAME_TYPES } from '../../migrations/schema/tables/0801-games';
import { Conference } from '../conference/conference.entity';

/** One of {@link GAME_TYPES}. */
export type GameType = (typeof GAME_TYPES)[number];
/** One of {@link GAME_STATUSES}. */
export type GameStatus = (typeof GAME_STATUSES)[number];

/**
 * A game participants play during a conference (table `games`): quiz, scavenger hunt, leaderboard
 * or challenge; scores in `game_scores`.
 *
 * @example
 * await withTenant(t, () => games.save({ conferenceId, title: 'Booth hunt', type: 'scavenger_hunt' }));
 */
@Entity('games')
export class Game extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column({ type: 'varchar', length: 200 }) @IsString() @Length(1, 200) title: string;
  @Column({ type: 'text', nullable: true }) @IsOptional() @IsString() description: string | null;
  @Column({ type: 'varchar', length: 14 }) @IsIn(GAME_TYPES) type: GameType;
  @Column({ type: 'varchar', length: 9, default: 'draft' }) @IsIn(GAME_STATUSES) status: GameStatus;
  @Column({ type: 'json', nullable: true }) @IsOptional() @IsObject() rules: Record<string, unknown> | null;
  @Column({ type: 'timestamp', name: 'starts_at', nullable: true }) @IsOptional() @IsDate() startsAt: Date | null;
  @Column({ type: 'timestamp', name: 'ends_at', nullable: true }) @IsOptional() @IsDate() endsAt: Date | null;
}
