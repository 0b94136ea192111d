import { SystemAccessUnavailableError } from '../../errors/system-access-unavailable-error';
import { UnscopableQueryError } from '../../errors/unscopable-query-error';
import type { KeylessStanding } from './keyless-system';
import type { PgConnection, PgQuery, PgSubmittable } from './pg-wire';
import { wallRoleError } from './query-plumbing';
import { localPlan, submitInTransaction, type LocalPlan } from './local-settings-form';
import { boundSettings, isEmpty, needsNoSettings, textSettings, type StatementSettings } from './statement-settings';

/** How a statement gets its settings; decided when it is sent, from the server's own transaction status. */
type Plan =
  /** Nothing in front: an aborted transaction (nothing reads), no settings outside a transaction, a statement that reads no rows. */
  | { kind: 'none' }
  /** Parse (unnamed, or once per connection where statements are named)/Bind/Execute of the bound settings in front of the statement's own extended messages, one Sync. */
  | { kind: 'pipeline' }
  /** `SET LOCAL …;` in front of a simple-protocol text, in the same Query message. */
  | { kind: 'text'; prefix: string; statements: number }
  /** Citus: each `SET LOCAL` its own unnamed statement in front, inside `BEGIN … COMMIT` added around it outside a transaction. */
  | LocalPlan;

/** What the session needs of the client that sends the statement. */
export interface StatementClient {
  /** Transaction status of the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' failed. */
  getTransactionStatus(): string | null;
  /** Sends ROLLBACK before anything else queued (a transaction the Citus form opened failed). */
  rollbackFirst?(): void;
  /** What the connection found out about keyless system work (see `KEYLESS_SYSTEM_PROBE`). */
  keylessStanding?(): KeylessStanding;
  /** The name to prepare the bound settings statement under on this connection; undefined: unnamed. */
  settingsName?(text: string): string | undefined;
}

/** A pg-cursor (also inside pg-query-stream): always the extended protocol, its Sync comes when it closes. */
const cursorOf = (q: unknown): { text: string } | null => {
  const c = ((q as { cursor?: unknown }).cursor ?? q) as { text?: unknown; read?: unknown; close?: unknown };
  return typeof c.text === 'string' && typeof c.read === 'function' && typeof c.close === 'function' ? (c as { text: string }) : null;
};

/**
 * One statement as it goes on the wire: the application's query, preceded in the same round trip
 * and the same transaction by the settings of the context that issued it. Nothing is remembered
 * between statements: outside a transaction the settings die with the statement's implicit
 * transaction, inside one every statement sets them again (`set_config(…, true)` / `SET LOCAL`).
 * One submittable per statement, so node-postgres sends statements in the order they were issued
 * and none waits for another.
 *
 * The settings' replies (ParseComplete, BindComplete, DataRow, CommandComplete; or the SETs'
 * CommandCompletes) are swallowed; everything after them belongs to the query. If the settings
 * fail, the server skips the query (same transaction), which gets that error.
 *
 * @example
 * client.query(new SettingsQuery(client, new Query('SELECT * FROM notes'), settingsOfContext(key)));
 */
export class SettingsQuery implements PgSubmittable {
  private plan: Plan = { kind: 'none' };
  /** Replies of the settings still to come (CommandCompletes). */
  private pending = 0;
  /** A simple-protocol text sent as one extended statement (system key): several statements are refused there. */
  private forcedExtended = false;
  /** Status when sent: whether the statement ran outside a transaction (a retry is then safe). */
  status: string | null = null;
  /** The query's own CommandComplete (or EmptyQueryResponse) has arrived: what follows is our COMMIT's. */
  private answered = false;
  /** The bound settings statement, when it is prepared under a name (its ParseComplete records it). */
  private settingsStatement: { name: string; text: string } | undefined;
  /** The server no longer had the prepared settings statement (26000): dropped behind the library's back. */
  settingsMissing = false;

  constructor(
    private readonly client: StatementClient,
    readonly query: PgSubmittable & Partial<PgQuery>,
    private readonly settings: StatementSettings,
    private readonly closes: string[] = [],
    private readonly citus = false,
  ) {}

  /**
   * node-postgres records a prepared statement under the active query's name at ParseComplete:
   * the settings statement's while its replies come (when it is named), the query's after.
   */
  get name(): string | undefined {
    return this.pending > 0 ? this.settingsStatement?.name : this.query.name;
  }

  get text(): string | undefined {
    return this.pending > 0 ? this.settingsStatement?.text : this.query.text;
  }

  submit(connection: PgConnection): Error | null {
    this.status = this.client.getTransactionStatus();
    const plan = this.choose();
    if (plan instanceof Error) return plan;
    this.plan = plan;
    connection.stream.cork?.();
    try {
      for (const name of this.closes) connection.close({ type: 'S', name });
      if (plan.kind === 'pipeline') {
        const { text, values } = boundSettings(this.settings);
        const name = this.client.settingsName?.(text);
        if (name) this.settingsStatement = { name, text };
        if (!name || connection.parsedStatements[name] !== text) connection.parse({ text, name: name ?? '', types: [] });
        connection.bind({ statement: name ?? '', values });
        connection.execute({ rows: 0 });
        this.pending = 1;
      }
      if (plan.kind === 'local') {
        this.pending = plan.statements.length;
        return submitInTransaction(connection, this.query, plan);
      }
      if (plan.kind !== 'text') return (this.query.submit(connection) as Error | null | undefined) ?? null;
      const text = this.query.text as string;
      this.query.text = plan.prefix + text;
      this.pending = plan.statements;
      try {
        return (this.query.submit(connection) as Error | null | undefined) ?? null;
      } finally {
        this.query.text = text;
      }
    } finally {
      connection.stream.uncork?.();
    }
  }

  private choose(): Plan | Error {
    const text = this.query.text ?? cursorOf(this.query)?.text;
    if (this.status === 'E' || (typeof text === 'string' && needsNoSettings(text))) return { kind: 'none' };
    const keyless = this.settings.keylessSystem ? this.client.keylessStanding?.() : undefined;
    // Under the application role this statement would read no tenant row and write none: refused, nothing sent.
    if (keyless?.refused) return new SystemAccessUnavailableError('withoutTenantScope', 'layer-without-key', keyless.role);
    if (this.status === 'I' && isEmpty(this.settings)) return { kind: 'none' };
    if (this.citus) {
      const plan = localPlan(this.query, text, this.status, this.settings, cursorOf(this.query) !== null);
      if (!(plan instanceof Error)) this.forcedExtended = plan.forcedExtended;
      return plan;
    }
    if (cursorOf(this.query)) return { kind: 'pipeline' };
    if (typeof this.query.requiresPreparation !== 'function' || typeof text !== 'string') {
      return new UnscopableQueryError(
        'A custom node-postgres submittable (e.g. COPY)',
        'It cannot carry the tenant settings. Run it outside withTenant/withoutTenantScope as a role that may, or use query().',
      );
    }
    if (this.query.requiresPreparation()) return { kind: 'pipeline' };
    const prefix = textSettings(this.settings);
    if (prefix) return { kind: 'text', prefix: prefix.text, statements: prefix.statements };
    // The system key must not appear in SQL text: send this text as one extended-protocol
    // statement (the server refuses several statements there, before running any).
    this.query.queryMode = 'extended';
    this.forcedExtended = true;
    return { kind: 'pipeline' };
  }

  handleRowDescription(msg: unknown): void {
    this.query.handleRowDescription(msg);
  }

  handleDataRow(msg: unknown): void {
    if (this.pending === 0) this.query.handleDataRow(msg);
  }

  handleCommandComplete(msg: unknown, connection: PgConnection): void {
    if (this.pending > 0) this.pending--;
    else if (this.answered && this.plan.kind === 'local' && this.plan.opens) return; // our COMMIT's
    else {
      this.answered = true;
      this.query.handleCommandComplete(msg, connection);
    }
  }

  handleEmptyQuery(connection: PgConnection): void {
    this.answered = true;
    this.query.handleEmptyQuery(connection);
  }

  handleError(error: unknown, connection?: PgConnection): void {
    // The transaction this statement opened failed before its COMMIT (which the server then skips):
    // a ROLLBACK goes first, before anything queued (the caller's next statement included). An error
    // after the query's own reply is the COMMIT's, which ended the transaction itself.
    if (this.plan.kind === 'local' && this.plan.opens && !this.answered && connection) this.client.rollbackFirst?.();
    const ours = this.pending > 0;
    if (ours && this.settingsStatement && (error as { code?: unknown }).code === '26000') this.settingsMissing = true;
    const name = this.query.name;
    // The server skipped the query's Parse too: node-postgres must not believe it was submitted.
    if (ours && name && connection && connection.parsedStatements[name] === undefined) delete connection.submittedNamedStatements[name];
    if (this.forcedExtended && (error as { code?: unknown }).code === '42601' && /multiple commands/.test(String((error as Error).message))) {
      error = new UnscopableQueryError(
        'A text of several statements inside withoutTenantScope',
        'The system key travels as a bound value, and the server binds values to one statement only: send one statement per query() call. Nothing was run.',
      );
    }
    if (ours) error = wallRoleError(error);
    this.query.handleError(this.plan.kind === 'text' ? shifted(error, this.plan.prefix.length) : error, connection);
  }

  handleReadyForQuery(connection: PgConnection): void {
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
}

/** A syntax error's `position` counts from the start of the text the caller sent, not of our prefix. */
function shifted(error: unknown, by: number): unknown {
  const e = error as { position?: unknown } | null;
  const at = Number(e?.position);
  if (e && Number.isFinite(at) && at > by) e.position = String(at - by);
  return error;
}
