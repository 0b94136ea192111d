import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
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
@Entity('game_scores')
export class GameScore extends TenantAwareEntity {
  @Column({ type: 'uuid', name: 'game_id' }) @IsUUID('all') gameId: string;
  @ManyToOne(() => Game, { nullable: false }) @JoinColumn({ name: 'game_id' }) game?: Game;
  @Column({ type: 'uuid', name: 'participant_id' }) @IsUUID('all') participantId: string;
  @ManyToOne(() => Participant, { nullable: false }) @JoinColumn({ name: 'participant_id' }) participant?: Participant;
  @Column({ type: 'int', default: 0 }) @IsInt() score: number;
  /** Leaderboard position, 1 = best; null until ranked. */
  @Column({ type: 'int', nullable: true }) @IsOptional() @IsInt() @Min(1) rank: number | null;
  @Column({ type: 'timestamp', name: 'achieved_at', default: () => 'CURRENT_TIMESTAMP' }) @IsOptional() @IsDate() achievedAt: Date;
}
