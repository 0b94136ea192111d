import { randomBytes } from 'node:crypto';
import { currentScope } from '../../tenancy/current-tenant';
import { SYSTEM_KEY_SETTING, TENANT_SETTING } from '../postgres-rls';
import { missingPgInternals, type PgClient, type PgQuery, type PgSubmittable } from './pg-wire';
import { canPrefix, PrefixedQuery } from './prefixed-query';
import { later, policyError, promiseOf, stalePlan } from './query-plumbing';
import { afterStatement, type SessionState } from './session-state';
import { isSharedSession } from './shared-sessions';
import { StatementNames } from './statement-names';
import { classify } from './statement-text';

/**
 * Sets both settings of the wall; session-level, so a connection keeps them until changed. A named
 * statement, parsed once per connection (node-postgres remembers it), so a switch costs the server
 * only Bind/Execute. Each client of each process gets its own name: clients of a shared session
 * (PGlite) would otherwise collide on it.
 */
export const SETTINGS_TEXT = `SELECT set_config('${TENANT_SETTING}', $1, false), set_config('${SYSTEM_KEY_SETTING}', $2, false)`;
/** Prefix of the settings statement's name (`typeorm_tenancy_settings_<process>_<n>`). */
export const SETTINGS_NAME_PREFIX = 'typeorm_tenancy_settings_';
/** Prefix of application statements prepared by `preparedStatements` (`typeorm_tenancy_q_<process>_<n>_<k>`). */
export const PREPARED_NAME_PREFIX = 'typeorm_tenancy_q_';
/** Most application statements prepared per connection; later texts run unprepared. */
export const PREPARED_LIMIT = 256;
/** Per process, too: several processes may share one PGlite session (e.g. the TypeORM CLI). */
const PROCESS_TAG = randomBytes(4).toString('hex');
let clients = 0;

/** `tenant \0 key`: the settings a query needs in the current async context. */
function wanted(systemKey: string | null): [string, string] {
  const scope = currentScope();
  if (scope?.kind === 'tenant') return [scope.tenantId, ''];
  if (scope?.kind === 'system') return ['', systemKey ?? ''];
  return ['', ''];
}

const states = new WeakMap<PgClient, SessionState>();

/**
 * Makes every statement sent on `client` run with the database settings of the async context that
 * sends it: `app.tenant_id` = the current tenant ('' outside `withTenant`), and the system key only
 * inside `withoutTenantScope`. The settings are session-level and remembered per client, so a
 * statement costs nothing extra while the connection already carries them; when they change they
 * travel in the same round trip as an extended-protocol query, else as one statement before it.
 * A statement never starts before the settings it needs are in place (it fails with their error).
 * Idempotent.
 *
 * @example
 * pool.on('acquire', (client) => attachTenantSession(client, null));
 */
export function attachTenantSession(client: PgClient, systemKey: string | null, options: { prepare?: boolean } = {}): void {
  if (states.has(client)) return;
  const missing = missingPgInternals(client);
  if (missing.length > 0) {
    throw new Error(
      `typeorm-tenancy: row-level security needs node-postgres 8.23.1 internals that changed (${missing.join(', ')}). ` +
        'Install exactly pg@8.23.1, or pass rowLevelSecurity: false to enableTenancy.',
    );
  }
  const state: SessionState = { known: undefined, pending: undefined, inTransaction: false, setInTransaction: false };
  const id = `${PROCESS_TAG}_${++clients}`;
  const statement = { name: `${SETTINGS_NAME_PREFIX}${id}`, text: SETTINGS_TEXT };
  // Other clients change a shared session's settings: send ours with every statement there.
  const shared = isSharedSession(client.host, client.port);
  // Not on a shared session: another client's DEALLOCATE would drop this client's statements.
  const names = options.prepare && !shared ? new StatementNames(`${PREPARED_NAME_PREFIX}${id}_`, PREPARED_LIMIT) : null;
  states.set(client, state);
  /** The settings statement may still exist on the server though node-postgres forgot it: close it first. */
  let closeSettings = false;
  const send = client.query.bind(client) as (...args: unknown[]) => unknown;
  const QueryClass = client.constructor.Query!;

  const run = (args: unknown[], settings: [string, string]): unknown => {
    if (state.pending) return later(args, state.pending.then(() => run(args, settings)));
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | null)?.text;
    const key = settings.join('\0');
    if ((state.known === key && !shared) || (typeof text === 'string' && classify(text).control)) return forward(args, text);
    state.known = key;
    if (state.inTransaction) state.setInTransaction = true;
    const submittable = typeof (args[0] as PgSubmittable | null)?.submit === 'function';
    const query = submittable ? undefined : new QueryClass(args[0], args[1], args[2]);
    let settle!: (ok: boolean) => void;
    state.pending = new Promise<boolean>((resolve) => (settle = resolve));
    const onSettled = (ok: boolean, settingsError?: unknown) => {
      if (!ok && state.known === key) state.known = undefined;
      // Dropped behind our back (a DEALLOCATE we did not see): parse it again next time.
      if ((settingsError as { code?: unknown } | undefined)?.code === '26000') delete client.connection.parsedStatements[statement.name];
      state.pending = undefined;
      settle(ok);
    };
    if (query && canPrefix(query) && !client.connectionParameters?.query_timeout) {
      // One round trip: the settings statement rides in front of the query.
      const result = query.callback ? undefined : promiseOf(query);
      send(new PrefixedQuery(query, statement, settings, onSettled, takeCloses()));
      track(text);
      return result;
    }
    // Own round trip (simple protocol, streams, named statements): the query waits for it.
    const settingsQuery = new QueryClass({ ...statement, values: settings });
    const done = promiseOf(settingsQuery).then(
      () => (onSettled(true), undefined),
      (error: unknown) => (onSettled(false, error), Promise.reject(error)),
    );
    send(fronted(settingsQuery));
    return later(args, done.then(() => forward(args, text)));
  };

  const forward = (args: unknown[], text: unknown): unknown => {
    let result: unknown;
    if (names?.hasClosing() && typeof (args[0] as { name?: unknown } | null)?.name === 'string') {
      // A prepared statement: the names given up are closed in the same round trip.
      const query = new QueryClass(args[0], args[1], args[2]);
      result = query.callback ? undefined : promiseOf(query);
      send(fronted(query));
    } else {
      result = send(...args);
    }
    track(text);
    return result;
  };
  // Forget the settings whenever a statement may have changed them behind our back; the next
  // statement then sends them again (in its own round trip only if it cannot carry them).
  const track = (text: unknown) => {
    if (typeof text !== 'string') return;
    const kind = classify(text);
    afterStatement(state, kind);
    // Prepared statements may be gone (or stale, after DDL): node-postgres must not skip their
    // Parse, and whatever the server still holds is closed in front of the next use.
    if (kind.dropsStatements) {
      delete client.connection.parsedStatements[statement.name];
      closeSettings = true;
    }
    if (kind.dropsStatements || kind.changesSchema) for (const name of names?.retireAll() ?? []) delete client.connection.parsedStatements[name];
  };
  /** Names to close in front of the next statement sent wrapped (see PrefixedQuery); taken once. */
  const takeCloses = (): string[] => {
    const closes = names?.takeClosing() ?? [];
    if (closeSettings) closes.push(statement.name);
    closeSettings = false;
    return closes;
  };
  /** `query` with the pending Close messages in front of it, or as it is when there are none. */
  const fronted = (query: PgQuery): PgSubmittable => {
    const closes = takeCloses();
    return closes.length ? new PrefixedQuery(query, null, [], () => undefined, closes) : query;
  };

  /** Names a parameterized single statement (prepared once per connection), if that is on. */
  const named = (args: unknown[]): unknown[] => {
    const [text, values] = args;
    if (!names || typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return args;
    const kind = classify(text);
    if (kind.several || kind.control || kind.touchesSettings || kind.dropsStatements || kind.changesSchema) return args;
    const name = names.nameFor(text);
    return name ? [{ name, text, values }, ...args.slice(2)] : args;
  };
  /** Whether `error` came from a prepared statement whose plan went stale; if so it is renamed next time. */
  const retired = (args: unknown[], error: unknown): boolean => {
    const first = args[0] as { name?: unknown; text?: unknown } | null;
    if (!names || typeof first?.name !== 'string' || typeof first.text !== 'string' || !stalePlan(error)) return false;
    const name = names.retire(first.text);
    if (name) delete client.connection.parsedStatements[name];
    return true;
  };
  let issued = 0;

  /**
   * Sends a statement with the settings of the context that sent it. A prepared statement whose
   * plan went stale did not run: outside a transaction, and with nothing sent after it on this
   * client (so the order holds), it is sent once more, prepared anew; inside a transaction (which
   * the error aborted) the caller gets the error.
   */
  const issue = (given: unknown[], settings: [string, string], retry: boolean): unknown => {
    const args = named(given);
    // Policy refusals become typed errors, for promise and callback callers alike.
    const at = args.findIndex((x, i) => i > 0 && typeof x === 'function');
    if (at > 0) {
      const callback = args[at] as (error: unknown, result?: unknown) => void;
      args[at] = (error: unknown, result?: unknown) => callback(error ? (retired(args, error), policyError(error)) : error, result);
    }
    const turn = ++issued;
    const result = run(args, settings);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      if (retired(args, error) && retry && turn === issued && !state.inTransaction) return issue(given, settings, false);
      return Promise.reject(policyError(error));
    });
  };
  client.query = (...given: unknown[]) => issue(given, wanted(systemKey), true);
}
