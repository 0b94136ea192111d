import type { TableDefinition } from '../table-definition';

/** Kinds of game. */
export const GAME_TYPES = ['quiz', 'scavenger_hunt', 'leaderboard', 'challenge'] as const;
/** Lifecycle of a game. */
export const GAME_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;

/** Phase 0801: games participants play during a conference. */
export const games: TableDefinition = {
  phase: 801,
  name: 'games',
  kind: 'tenant',
  comment: 'Games of a conference (quizzes, scavenger hunts, leaderboards, challenges); scores in game_scores',
  references: [{ column: 'conference_id', table: 'conferences', comment: 'Conference the game runs at' }],
  columns: [
    { name: 'title', type: 'varchar(200)' },
    { name: 'description', type: 'text', nullable: true },
    { name: 'type', type: 'enum', values: GAME_TYPES },
    { name: 'status', type: 'enum', values: GAME_STATUSES, default: 'draft' },
    { name: 'rules', type: 'json', nullable: true, comment: 'Scoring and play rules, by game type' },
    { name: 'starts_at', type: 'timestamp', nullable: true },
    { name: 'ends_at', type: 'timestamp', nullable: true },
  ],
};
