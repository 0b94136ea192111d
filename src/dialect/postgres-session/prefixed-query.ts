import type { PgConnection, PgQuery, PgSubmittable } from './pg-wire';

/**
 * A query sent behind a settings statement in one round trip: Close of prepared statements given
 * up (if any; the server answers CloseComplete, which node-postgres ignores, and closing a missing
 * name is no error), Parse/Bind/Execute of the settings statement (if any), then the query's own
 * Parse/Bind/Describe/Execute, then one Sync. Settings and query run in the same
 * implicit transaction, so if the settings statement fails the query does not run at all (the
 * server skips to the Sync) and gets that error: it can never run under the previous tenant.
 *
 * The replies of the settings statement (ParseComplete, BindComplete, DataRow, CommandComplete;
 * no Describe, so no RowDescription) are swallowed; everything after its CommandComplete belongs
 * to `query`. Only for extended-protocol queries: see {@link canPrefix}.
 *
 * `onSettled(true)` comes only at ReadyForQuery after no error: both statements share one
 * implicit transaction, so when the query fails the settings are rolled back with it.
 *
 * @example
 * client.query(new PrefixedQuery(query, { name: 's1', text: SETTINGS_TEXT }, [tenantId, ''], (ok) => …));
 */
export class PrefixedQuery implements PgSubmittable {
  /** The settings statement's CommandComplete has arrived (or there is none): later replies belong to `query`. */
  private settingsDone: boolean;
  private settled = false;

  /**
   * @param query the application's query (node-postgres `Query`)
   * @param statement the settings statement: a name (prepared once per connection) and its text
   *   (`SELECT set_config(…), …` with `$n` values)
   * @param values its bound values (strings)
   * @param onSettled told whether the settings statement ran (true) or failed (false), with the
   *   error when it was the settings statement's own
   * @param closes prepared statements to close first (names given up; see StatementNames)
   */
  constructor(
    private readonly query: PgQuery,
    private readonly statement: { name: string; text: string } | null,
    private readonly values: string[],
    private readonly onSettled: (ok: boolean, settingsError?: unknown) => void,
    private readonly closes: string[] = [],
  ) {
    this.settingsDone = statement === null;
  }

  /**
   * node-postgres reads `name`/`text` of the active query when a ParseComplete arrives, to record
   * the prepared statement: ours until the settings statement completed, the query's afterwards.
   */
  get name(): string | undefined {
    return this.settingsDone ? this.query.name : this.statement?.name;
  }

  get text(): string | undefined {
    return this.settingsDone ? this.query.text : this.statement?.text;
  }

  submit(connection: PgConnection): Error | null {
    connection.stream.cork?.();
    try {
      for (const name of this.closes) connection.close({ type: 'S', name });
      if (this.statement) {
        const { name, text } = this.statement;
        if (connection.parsedStatements[name] === undefined && connection.submittedNamedStatements[name] === undefined) {
          connection.parse({ text, name, types: [] });
          connection.submittedNamedStatements[name] = text;
        }
        connection.bind({ statement: name, values: this.values });
        connection.execute({ rows: 0 });
      }
      return (this.query.submit(connection) as Error | null | undefined) ?? null;
    } finally {
      connection.stream.uncork?.();
    }
  }

  handleRowDescription(msg: unknown): void {
    this.query.handleRowDescription(msg);
  }

  handleDataRow(msg: unknown): void {
    if (this.settingsDone) this.query.handleDataRow(msg);
  }

  handleCommandComplete(msg: unknown, connection: PgConnection): void {
    if (!this.settingsDone) {
      this.settingsDone = true;
      return;
    }
    this.query.handleCommandComplete(msg, connection);
  }

  handleEmptyQuery(connection: PgConnection): void {
    this.query.handleEmptyQuery(connection);
  }

  handleError(error: unknown, connection?: PgConnection): void {
    // The settings statement failed, so the server skipped the query's Parse too: node-postgres
    // must not believe a named query was prepared (it forgets only the active name, ours).
    const name = this.query.name;
    if (!this.settingsDone && name && connection && connection.parsedStatements[name] === undefined) delete connection.submittedNamedStatements[name];
    this.settle(false, this.settingsDone ? undefined : error);
    this.query.handleError(error, connection);
  }

  handleReadyForQuery(connection: PgConnection): void {
    this.settle(true);
    this.query.handleReadyForQuery(connection);
  }

  handlePortalSuspended(connection: PgConnection): void {
    this.query.handlePortalSuspended?.(connection);
  }

  handleCopyInResponse(connection: PgConnection): void {
    this.query.handleCopyInResponse?.(connection);
  }

  handleCopyData(msg: unknown, connection: PgConnection): void {
    this.query.handleCopyData?.(msg, connection);
  }

  private settle(ok: boolean, settingsError?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.onSettled(ok, settingsError);
  }
}

/**
 * Whether `query` can ride behind a settings statement: a query with text that uses the extended
 * protocol (it has values), named or not, and no row limit. Everything else (simple-protocol
 * text, which may hold several statements; cursors and streams) gets the settings statement as a
 * round trip of its own instead.
 *
 * @example
 * canPrefix(new Query('SELECT * FROM t WHERE id = $1', [id])); // true
 * canPrefix(new Query('BEGIN'));                               // false (simple protocol)
 */
export function canPrefix(query: PgQuery): boolean {
  return typeof query.text === 'string' && !query.rows && Array.isArray(query.values) && query.requiresPreparation();
}
