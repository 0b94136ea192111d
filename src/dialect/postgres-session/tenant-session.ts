import { randomBytes } from 'node:crypto';
import { RowLevelSecurityError } from '../../errors/row-level-security-error';
import { currentScope } from '../../tenancy/current-tenant';
import { SYSTEM_KEY_SETTING, TENANT_SETTING } from '../postgres-rls';
import { missingPgInternals, type PgClient, type PgQuery, type PgSubmittable } from './pg-wire';
import { canPrefix, PrefixedQuery } from './prefixed-query';
import { isSharedSession } from './shared-sessions';
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
/** Per process, too: several processes may share one PGlite session (e.g. the TypeORM CLI). */
const PROCESS_TAG = randomBytes(4).toString('hex');
let clients = 0;

/** What one client's database session carries, as far as the session layer knows. */
interface SessionState {
  /** Settings the session has, or will have once the statements queued so far have run. */
  known: string | undefined;
  /** Settles when the last settings statement has run (true) or failed (false). */
  pending: Promise<boolean> | undefined;
  /** Inside BEGIN … COMMIT/ROLLBACK, as sent. */
  inTransaction: boolean;
  /** Settings were sent inside the current transaction: its end may undo them. */
  setInTransaction: boolean;
}

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
export function attachTenantSession(client: PgClient, systemKey: string | null): void {
  if (states.has(client)) return;
  const missing = missingPgInternals(client);
  if (missing.length > 0) {
    throw new Error(
      `typeorm-tenancy: row-level security needs node-postgres 8.23.1 internals that changed (${missing.join(', ')}). ` +
        'Install exactly pg@8.23.1, or pass rowLevelSecurity: false to enableTenancy.',
    );
  }
  const state: SessionState = { known: undefined, pending: undefined, inTransaction: false, setInTransaction: false };
  const statement = { name: `${SETTINGS_NAME_PREFIX}${PROCESS_TAG}_${++clients}`, text: SETTINGS_TEXT };
  // Other clients change a shared session's settings: send ours with every statement there.
  const shared = isSharedSession(client.host, client.port);
  states.set(client, state);
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
    const onSettled = (ok: boolean) => {
      if (!ok && state.known === key) state.known = undefined;
      state.pending = undefined;
      settle(ok);
    };
    if (query && canPrefix(query) && !client.connectionParameters?.query_timeout) {
      // One round trip: the settings statement rides in front of the query.
      const result = query.callback ? undefined : promiseOf(query);
      send(new PrefixedQuery(query, statement, settings, onSettled));
      track(text);
      return result;
    }
    // Own round trip (simple protocol, streams, named statements): the query waits for it.
    const done = (send({ ...statement, values: settings }) as Promise<unknown>).then(
      () => (onSettled(true), undefined),
      (error: unknown) => (onSettled(false), Promise.reject(error)),
    );
    return later(args, done.then(() => forward(args, text)));
  };

  const forward = (args: unknown[], text: unknown): unknown => {
    const result = send(...args);
    track(text);
    return result;
  };
  // Forget the settings whenever a statement may have changed them behind our back; the next
  // statement then sends them again (in its own round trip only if it cannot carry them).
  const track = (text: unknown) => {
    if (typeof text !== 'string') return;
    const kind = classify(text);
    if (kind.several) {
      // Any of them may begin or end a transaction or touch the settings.
      state.known = undefined;
      state.inTransaction = true; // so settings sent next count as made inside one
    } else if (kind.start) {
      state.inTransaction = true;
      state.setInTransaction = false;
    } else if (kind.end) {
      if (state.setInTransaction) state.known = undefined; // a failed COMMIT rolls back
      state.inTransaction = kind.chain;
      state.setInTransaction = false;
    } else if (kind.touchesSettings) {
      state.known = undefined;
    }
    if (kind.rollback) {
      state.known = undefined;
      // Only a ROLLBACK statement ends the transaction; ROLLBACK TO SAVEPOINT (or the word elsewhere) does not.
      if (kind.rollbackEnds) {
        state.inTransaction = kind.chain;
        state.setInTransaction = false;
      }
    }
    // node-postgres would still believe the statement is prepared: forget it so it is parsed again.
    if (kind.dropsStatements) delete client.connection.parsedStatements[statement.name];
  };

  client.query = (...args: unknown[]) => {
    // Policy refusals become typed errors, for promise and callback callers alike.
    const at = args.findIndex((x, i) => i > 0 && typeof x === 'function');
    if (at > 0) {
      const callback = args[at] as (error: unknown, result?: unknown) => void;
      args[at] = (error: unknown, result?: unknown) => callback(error ? policyError(error) : error, result);
    }
    const result = run(args, wanted(systemKey));
    return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(policyError(error))) : result;
  };
}

/** A row-level-security refusal (SQLSTATE 42501 naming a policy) as {@link RowLevelSecurityError}. */
function policyError(error: unknown): unknown {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.code !== '42501' || !message.includes('row-level security policy')) return error;
  return new RowLevelSecurityError(/for table "([^"]+)"/.exec(message)?.[1], error);
}

/** The promise node-postgres would have returned for `query`. */
function promiseOf(query: PgQuery): Promise<unknown> {
  return new Promise((resolve, reject) => {
    query.callback = (error, result) => (error ? reject(error) : resolve(result));
  });
}

/**
 * Returns what `client.query(...args)` returns synchronously (the submittable itself, undefined
 * for a callback, else a promise) while the real call happens once `gate` settles; a failed gate
 * fails the query the way its caller listens for it.
 */
function later(args: unknown[], gate: Promise<unknown>): unknown {
  const [first, second, third] = args;
  const submittable = first as PgSubmittable & { emit?: (event: string, error: unknown) => void };
  if (typeof submittable?.submit === 'function') {
    gate.catch((error: unknown) => submittable.handleError(error));
    return first;
  }
  const callback = [second, third].find((x): x is (e: unknown, r?: unknown) => void => typeof x === 'function');
  if (callback) {
    gate.then(
      () => undefined,
      (error: unknown) => callback(error),
    );
    return undefined;
  }
  return gate;
}
