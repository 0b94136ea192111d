/**
 * The parts of node-postgres (pinned to 8.23.1) that the tenant session relies on. node-postgres
 * has no hook to send one statement in front of another in the same round trip, so the session
 * writes protocol messages on the client's connection itself and routes the replies. Everything
 * it touches is typed here and checked by `assertPgInternals` (test: test/dialect/pg-internals).
 */

/** The protocol writer of a node-postgres client (`client.connection`). */
export interface PgConnection {
  parse(config: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { portal?: string; statement?: string; values: unknown[] }): void;
  execute(config: { portal?: string; rows?: number }): void;
  /** Close of a prepared statement ('S'); its CloseComplete reply is ignored by node-postgres. */
  close(config: { type: 'S' | 'P'; name?: string }): void;
  /** Sync: ends the pipeline; the server answers ReadyForQuery. */
  sync(): void;
  stream: { cork?(): void; uncork?(): void };
  /** Named statements the server has confirmed (ParseComplete), by name: node-postgres skips their Parse. */
  parsedStatements: Record<string, string>;
  /** Named statements sent but not yet confirmed. */
  submittedNamedStatements: Record<string, string>;
}

/** A message handler set the client calls on its active query (node-postgres `Submittable`). */
export interface PgSubmittable {
  submit(connection: PgConnection): Error | null | void;
  handleRowDescription(msg: unknown): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
  handleEmptyQuery(connection: PgConnection): void;
  handleError(error: unknown, connection?: PgConnection): void;
  handleReadyForQuery(connection: PgConnection): void;
  handlePortalSuspended?(connection: PgConnection): void;
  handleCopyInResponse?(connection: PgConnection): void;
  handleCopyData?(msg: unknown, connection: PgConnection): void;
  callback?: (error: Error | null, result?: unknown) => void;
}

/** node-postgres's `Query` (an ordinary text query with optional values). */
export interface PgQuery extends PgSubmittable {
  text?: string;
  name?: string;
  values?: unknown[];
  rows?: number;
  /** 'extended' makes node-postgres use the extended protocol even without values. */
  queryMode?: string;
  requiresPreparation(): boolean;
}

/** A pooled node-postgres client as the session sees it. */
export interface PgClient {
  query(...args: unknown[]): unknown;
  /** Status of the server's last ReadyForQuery ('I', 'T', 'E'); public since pg 8.19. */
  getTransactionStatus(): string | null;
  connection: PgConnection;
  constructor: { Query?: new (config: unknown, values?: unknown, callback?: unknown) => PgQuery };
}

/** The node-postgres version whose internals the session was written against. */
export const PINNED_PG_VERSION = '8.23.1';

/** Methods of `Query.prototype` the session calls or forwards to. */
export const PG_QUERY_METHODS = [
  'submit',
  'requiresPreparation',
  'handleRowDescription',
  'handleDataRow',
  'handleCommandComplete',
  'handleEmptyQuery',
  'handleError',
  'handleReadyForQuery',
  'handlePortalSuspended',
  'handleCopyInResponse',
  'handleCopyData',
] as const;

/** Methods of the protocol writer (`Connection.prototype`) the session writes with. */
export const PG_CONNECTION_METHODS = ['parse', 'bind', 'execute', 'sync', 'close'] as const;

/**
 * The internals of node-postgres the session needs that are missing on `client`, as a list of
 * `Query.method` / `Connection.method` names (empty when all are there). Checked on every client a
 * row-level-security DataSource acquires for the first time, and against the pinned version in a
 * test, so an upgrade fails loudly instead of leaving the wall half-built.
 *
 * @example
 * missingPgInternals(client); // [] with pg 8.23.1
 */
export function missingPgInternals(client: PgClient): string[] {
  const query = client.constructor.Query?.prototype as Record<string, unknown> | undefined;
  const connection = Object.getPrototypeOf(client.connection) as Record<string, unknown>;
  const fields = ['parsedStatements', 'submittedNamedStatements'].filter(
    (f) => typeof (client.connection as unknown as Record<string, unknown>)[f] !== 'object',
  );
  return [
    ...(Array.isArray((client as unknown as { _queryQueue?: unknown })._queryQueue) ? [] : ['Client._queryQueue']),
    ...(typeof client.getTransactionStatus === 'function' ? [] : ['Client.getTransactionStatus']),
    ...PG_QUERY_METHODS.filter((m) => typeof query?.[m] !== 'function').map((m) => `Query.${m}`),
    ...PG_CONNECTION_METHODS.filter((m) => typeof connection[m] !== 'function').map((m) => `Connection.${m}`),
    ...fields.map((f) => `Connection.${f}`),
  ];
}
