import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { DefinedEntity } from '../defined-entity';
import { gameScores } from '../../schema/tables/0802-game-scores';
import { IsDate, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { TenantAwareEntity } from '../tenant-aware-entity';
import { Game } from './game.entity';
import { Participant } from '../conference/participant.entity';

/**
 * The score of a participant in a game (table `game_scores`); one row per participant and game.
 *
 * @example
 * await withTenant(t, () => scores.save({ gameId, participantId, score: 120 }));
 */
@DefinedEntity(gameScores)
export class GameScore extends TenantAwareEntity {
  @Column({ name: 'game_id' }) @IsUUID('all') gameId: string;
  @ManyToOne(() => Game, { nullable: false }) @JoinColumn({ name: 'game_id' }) game?: Game;
  @Column({ name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant, { nullable: false }) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column() @IsInt() score: number;
  /** Leaderboard position, 1 = best; null until ranked. */
  @Column() @IsOptional() @IsInt() @Min(1) rank: number | null;
  @Column({ name: 'achieved_at' }) @IsOptional() @IsDate() achievedAt: Date;
}
