import type { TableDefinition } from '../table-definition';

/** Phase 0404: votes of participants for poll options; one vote per participant and option. */
export const pollVotes: TableDefinition = {
  phase: 404,
  name: 'poll_votes',
  kind: 'tenant',
  comment: 'Votes cast in polls: one row per participant and chosen option',
  references: [
    { column: 'poll_id', table: 'polls', comment: 'Poll voted in (denormalised from the option for per-poll counts)' },
    { column: 'poll_option_id', table: 'poll_options', comment: 'Option chosen' },
    { column: 'participant_id', table: 'participants', comment: 'Voter' },
  ],
  columns: [],
  uniques: [{ name: 'uq_poll_votes_participant_option', columns: ['tenant_id', 'poll_id', 'poll_option_id', 'participant_id'] }],
};
