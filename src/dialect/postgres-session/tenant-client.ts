import { randomBytes } from 'node:crypto';
import { TenancySetupError } from '../../errors/tenancy-setup-error';
import { missingPgInternals, type PgClient, type PgQuery, type PgSubmittable } from './pg-wire';
import { KEYLESS_SYSTEM_PROBE, type KeylessStanding } from './keyless-system';
import { policyError, promiseOf, stalePlan } from './query-plumbing';
import { SettingsQuery } from './settings-query';
import { settingsOfContext } from './statement-settings';
import { StatementNames } from './statement-names';

/** Prefix of application statements prepared by `preparedStatements` (`typeorm_tenancy_q_<process>_<n>_<k>`). */
export const PREPARED_NAME_PREFIX = 'typeorm_tenancy_q_';
/** Prefix of the settings statement prepared on connections that name statements (`typeorm_tenancy_s_<process>_<n>_<k>`). */
export const SETTINGS_NAME_PREFIX = 'typeorm_tenancy_s_';
/** Most application statements prepared per connection; later texts run unprepared. */
export const PREPARED_LIMIT = 256;
const PROCESS_TAG = randomBytes(4).toString('hex');
/** Statements after which a prepared plan may be stale or gone (only consulted with `prepare`). */
const STALES_PLANS = /^\s*(ALTER|DROP|CREATE\s+OR\s+REPLACE|DISCARD|DEALLOCATE)\b/i;
let clients = 0;

/**
 * Asks the server process behind a connection for its pid. On a direct connection it is the
 * `processID` of the start-up's BackendKeyData; a pooler answers the start-up itself with a key of
 * its own (it must route cancel requests), so there the two differ and statements stay unnamed.
 */
export const DIRECT_CONNECTION_PROBE = 'SELECT pg_backend_pid() AS pid';

/** Options of {@link tenantClientClass}. */
export interface TenantClientOptions {
  /** Sent inside `withoutTenantScope` (bound, never in SQL text); null: system work gets no bypass. */
  systemKey: string | null;
  /**
   * Name each parameterized statement once per connection: `true` on every connection (only where the
   * server keeps them: see docs/security.md), `'auto'` once the connection proved direct
   * ({@link DIRECT_CONNECTION_PROBE}), `false` never.
   */
  prepare: boolean | 'auto';
  /** Send the settings in the form Citus propagates to its workers (see `SettingsQuery`, docs/security.md). */
  citus?: boolean;
}

type ClientClass = new (...args: any[]) => PgClient; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A node-postgres `Client` subclass (for the pool's `Client` option, TypeORM's `extra.Client`)
 * whose every statement carries the row-level-security settings of the async context that issues
 * it: captured when `query()` is called, sent when the statement goes on the wire, in front of it
 * and in its own transaction (see {@link SettingsQuery}). No state about what a connection
 * carries is kept, so a pooler may hand the server session to anybody between transactions.
 *
 * @throws TenancySetupError when node-postgres internals the session writes with have changed.
 * @example
 * new Pool({ ...options, Client: tenantClientClass(pg.Client, { systemKey: null, prepare: false }) });
 */
export function tenantClientClass<T extends ClientClass>(Base: T, options: TenantClientOptions): T {
  const QueryClass = (Base as unknown as PgClient['constructor']).Query;
  return class TenantClient extends Base {
    private readonly tag = `${PROCESS_TAG}_${++clients}_`;
    private readonly names = options.prepare !== false ? new StatementNames(`${PREPARED_NAME_PREFIX}${this.tag}`, PREPARED_LIMIT) : null;
    /** The settings statement's own names (two texts: with and without a role), given up with the others. */
    private readonly settingsNames = options.prepare !== false ? new StatementNames(`${SETTINGS_NAME_PREFIX}${this.tag}`, 2) : null;
    private issued = 0;
    private keyless: KeylessStanding;
    private probing = false;
    /** Whether statements are named here: known up front, or (`'auto'`) once the probe answered. */
    private preparing: boolean | undefined = options.prepare === 'auto' ? undefined : options.prepare;
    private probingDirect = false;

    constructor(...args: any[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
      super(...args);
      const missing = missingPgInternals(this as unknown as PgClient);
      if (missing.length > 0 || !QueryClass) {
        throw new TenancySetupError(
          `row-level security needs node-postgres 8.23.1 internals that changed (${missing.join(', ') || 'Client.Query'})`,
          'Install exactly pg@8.23.1, or pass rowLevelSecurity: false to enableTenancy.',
        );
      }
    }

    query(...args: unknown[]): unknown {
      const settings = settingsOfContext(options.systemKey);
      const [config, values, callback] = args;
      if (config == null) return super.query(...args); // node-postgres throws its own TypeError
      if (settings.keylessSystem) this.probeKeyless();
      if (this.preparing === undefined) this.probeDirect();
      const submittable = typeof (config as PgSubmittable).submit === 'function';
      const query = (submittable ? config : new QueryClass!(config, values, callback)) as PgQuery;
      if (submittable && !query.callback) query.callback = [values, callback].find((x) => typeof x === 'function') as PgQuery['callback'];
      this.prepared(query);
      const result = submittable ? config : query.callback ? (this.typedErrors(query), undefined) : promiseOf(query).catch((e) => Promise.reject(policyError(e)));
      const send = (retry: boolean) => {
        const closes = [...(this.names?.takeClosing() ?? []), ...(this.settingsNames?.takeClosing() ?? [])];
        const statement = new SettingsQuery(this, query, settings, closes, options.citus === true);
        const turn = ++this.issued;
        const callbackOf = query.callback;
        if (this.names && retry && callbackOf) {
          // A prepared statement whose plan went stale did not run: outside a transaction, with
          // nothing sent after it on this client (so the order holds), send it again, prepared anew.
          query.callback = (error, res) => {
            if (error && this.retired(query, error, statement.settingsMissing) && statement.status === 'I' && turn === this.issued) {
              query.callback = callbackOf;
              return send(false);
            }
            return callbackOf(error, res);
          };
        }
        super.query(statement);
      };
      send(true);
      if (this.names && typeof query.text === 'string' && STALES_PLANS.test(query.text)) {
        // Schema changes and DISCARD/DEALLOCATE through this connection: every name is given up (and
        // closed in front of the next statement), so the same transaction reads the new types.
        this.retireAll();
      }
      return result;
    }

    /** The connection's standing for keyless system work; undefined until the probe answered. */
    keylessStanding(): KeylessStanding {
      return this.keyless;
    }

    /**
     * Asks once per connection, queued in front of the first keyless system statement, so its
     * answer is in before that statement is sent (node-postgres runs a query's callback before it
     * submits the next). A failed probe (an aborted transaction) is asked again next time.
     */
    private probeKeyless(): void {
      if (this.keyless !== undefined || this.probing) return;
      this.probing = true;
      super.query({ text: KEYLESS_SYSTEM_PROBE }, (error: unknown, result: { rows: Array<{ role: string; exempt: boolean }> }) => {
        this.probing = false;
        const row = error ? undefined : result?.rows?.[0];
        if (row) this.keyless = { refused: !row.exempt, role: row.role };
      });
    }

    /**
     * `'auto'`: asks once per connection whether it is direct, queued in front of the connection's
     * first statement (which goes unnamed), so never between `START TRANSACTION` and `SET
     * TRANSACTION`. The answer is in before the next statement is issued; no answer counts as "not
     * direct" (unnamed statements are right everywhere).
     */
    private probeDirect(): void {
      if (this.probingDirect) return;
      this.probingDirect = true;
      super.query({ text: DIRECT_CONNECTION_PROBE }, (error: unknown, result: { rows: Array<{ pid: number }> }) => {
        const pid = error ? undefined : result?.rows?.[0]?.pid;
        const own = (this as unknown as { processID: unknown }).processID;
        this.preparing = pid !== undefined && typeof own === 'number' && Number(pid) === own;
      });
    }

    /**
     * Puts a ROLLBACK at the head of the queue: the transaction a Citus-form statement opened for
     * itself failed, and nothing else may run in it. Sent as is (no settings), its reply discarded.
     */
    rollbackFirst(): void {
      const rollback = new QueryClass!({ text: 'ROLLBACK' }, undefined, () => undefined);
      (this as unknown as { _queryQueue: unknown[] })._queryQueue.unshift(rollback);
    }

    /**
     * The name of the bound settings statement on this connection when statements are named here
     * (it is the same two texts on every statement: planned once instead of on every statement).
     */
    settingsName(text: string): string | undefined {
      return this.preparing === true ? this.settingsNames?.nameFor(text) : undefined;
    }

    /** Gives up every name (closed in front of the next statement); each text is prepared anew at its next use. */
    private retireAll(): void {
      for (const name of [...this.names!.retireAll(), ...this.settingsNames!.retireAll()]) delete this.connection.parsedStatements[name];
    }

    /** Names a parameterized statement (prepared once per connection), when that is on. */
    private prepared(query: PgQuery): void {
      if (!this.names || this.preparing !== true || query.name || typeof query.text !== 'string' || !Array.isArray(query.values) || query.values.length === 0) return;
      query.name = this.names.nameFor(query.text);
    }

    /**
     * Whether `error` says the prepared statement of `query` went stale; if so it gets a new name
     * next time. When the settings statement was gone, statements were dropped behind the library's
     * back (DEALLOCATE ALL, DISCARD ALL): every name is given up.
     */
    private retired(query: PgQuery, error: unknown, settingsMissing: boolean): boolean {
      if (settingsMissing && this.names) {
        this.retireAll();
        return true;
      }
      if (!this.names || typeof query.name !== 'string' || typeof query.text !== 'string' || !stalePlan(error)) return false;
      const name = this.names.retire(query.text);
      if (name) {
        delete this.connection.parsedStatements[name];
        query.name = this.names.nameFor(query.text);
      }
      return true;
    }

    /** Callback callers get policy refusals as typed errors too. */
    private typedErrors(query: PgQuery): void {
      const callbackOf = query.callback!;
      query.callback = (error, res) => callbackOf(error ? (policyError(error) as Error) : error, res);
    }
  } as T;
}
