import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { IsDate, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { GAME_STATUSES, GAME_TYPES, games } from '../../schema/tables/0801-games';
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
@DefinedEntity(games)
export class Game extends TenantAwareEntity {
  @Column({ name: 'conference_id' }) @IsUUID('all') conferenceId: string;
  @ManyToOne(() => Conference, { nullable: false }) @JoinColumn({ name: 'conference_id' }) conference?: Conference;
  @Column() @IsString() @Length(1, 200) title: string;
  @Column() @IsOptional() @IsString() description: string | null;
  @Column() @IsIn(GAME_TYPES) type: GameType;
  @Column() @IsIn(GAME_STATUSES) status: GameStatus;
  @Column() @IsOptional() @IsObject() rules: Record<string, unknown> | null;
  @Column({ name: 'starts_at' }) @IsOptional() @IsDate() startsAt: Date | null;
  @Column({ name: 'ends_at' }) @IsOptional() @IsDate() endsAt: Date | null;
}
