import type { TableDefinition } from '../table-definition';

/** Phase 0403: the answer options of a poll. */
export const pollOptions: TableDefinition = {
  phase: 403,
  name: 'poll_options',
  kind: 'tenant',
  comment: 'Answer options of a poll, shown in order_index order',
  references: [{ column: 'poll_id', table: 'polls', comment: 'Poll the option belongs to' }],
  columns: [
    { name: 'label', type: 'varchar(200)', comment: 'Text shown to voters' },
    { name: 'order_index', type: 'int', default: 0, comment: 'Display position within the poll, ascending' },
  ],
};
