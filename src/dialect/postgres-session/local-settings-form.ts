import { UnscopableQueryError } from '../../errors/unscopable-query-error';
import type { PgConnection, PgQuery, PgSubmittable } from './pg-wire';
import { localSettings, type StatementSettings } from './statement-settings';

/**
 * How a statement travels in the Citus form (`rowLevelSecurity: { citus: true }`): the statements
 * sent in front of it, unnamed and each on its own (`BEGIN` outside a transaction, the Citus switch,
 * one `SET LOCAL` per setting), and whether it opened the transaction (then `COMMIT` follows it).
 *
 * @example
 * const plan: LocalPlan = { kind: 'local', statements: ['BEGIN', CITUS_PROPAGATION, …], opens: true, forcedExtended: true };
 */
export interface LocalPlan {
  kind: 'local';
  statements: string[];
  opens: boolean;
  /** A text without parameters switched to the extended protocol (several statements then refused by the server). */
  forcedExtended: boolean;
}

/**
 * The Citus form of one statement, or why it cannot have one. Citus forwards a `SET LOCAL` to its
 * workers only inside a transaction block and with its whole query string, so each setting is its
 * own statement and the whole goes in one pipeline before one Sync: one round trip. A cursor or
 * stream is refused: its Sync comes when it closes, outside the transaction the settings need.
 *
 * @example
 * localPlan(query, 'SELECT 1', 'I', settings, false); // { kind: 'local', statements: ['BEGIN', …], opens: true, … }
 */
export function localPlan(
  query: PgSubmittable & Partial<PgQuery>,
  text: string | undefined,
  status: string | null,
  settings: StatementSettings,
  cursor: boolean,
): LocalPlan | Error {
  if (cursor || typeof query.requiresPreparation !== 'function' || typeof text !== 'string' || (query as { rows?: unknown }).rows) {
    return new UnscopableQueryError(
      'A cursor, stream or custom node-postgres submittable with rowLevelSecurity.citus',
      'Its Sync comes when it closes, so it cannot run inside the transaction the settings need. Use query() (or a DataSource without the Citus form for streams).',
    );
  }
  const forcedExtended = !query.requiresPreparation();
  if (forcedExtended) query.queryMode = 'extended';
  const opens = status === 'I';
  return { kind: 'local', statements: [...(opens ? ['BEGIN'] : []), ...localSettings(settings)], opens, forcedExtended };
}

/**
 * Writes the plan's statements, then the query's own messages with `COMMIT` before their Sync when
 * the plan opened the transaction. Internal to `SettingsQuery.submit`.
 *
 * @example
 * submitInTransaction(connection, query, plan); // BEGIN, SET LOCAL ×4, Parse/Bind/Execute of the query, COMMIT, Sync
 */
export function submitInTransaction(connection: PgConnection, query: PgSubmittable, plan: LocalPlan): Error | null {
  const unnamed = (text: string) => {
    connection.parse({ text, name: '', types: [] });
    connection.bind({ statement: '', values: [] });
    connection.execute({ rows: 0 });
  };
  plan.statements.forEach(unnamed);
  if (!plan.opens) return (query.submit(connection) as Error | null | undefined) ?? null;
  const sync = connection.sync;
  connection.sync = () => {
    connection.sync = sync;
    unnamed('COMMIT');
    sync.call(connection);
  };
  try {
    return (query.submit(connection) as Error | null | undefined) ?? null;
  } finally {
    connection.sync = sync;
  }
}
