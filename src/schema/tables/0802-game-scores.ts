import { NOW, type TableDefinition } from '../table-definition';

/** Phase 0802: the score of a participant in a game (one row per participant and game). */
export const gameScores: TableDefinition = {
  phase: 802,
  name: 'game_scores',
  kind: 'tenant',
  comment: 'Score of each participant in a game; one row per participant and game, updated as they play',
  references: [
    { column: 'game_id', table: 'games', comment: 'Game scored' },
    { column: 'participant_id', table: 'participants', comment: 'Player' },
  ],
  columns: [
    { name: 'score', type: 'int', default: 0 },
    { name: 'rank', type: 'int', nullable: true, comment: 'Leaderboard position (1 = best); NULL until ranked' },
    { name: 'achieved_at', type: 'timestamp', default: NOW, comment: 'When the current score was reached (ties go to the earlier)' },
  ],
  uniques: [{ name: 'uq_game_scores_participant', columns: ['tenant_id', 'game_id', 'participant_id'] }],
  indexes: [{ name: 'idx_game_scores_leaderboard', columns: ['tenant_id', 'game_id', 'score'] }],
};
