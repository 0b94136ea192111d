import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { PG_URL, UNAVAILABLE_ENV } from './targets';

/**
 * PgBouncer (Debian's 1.18, or the binary `TENANCY_PGBOUNCER_BIN` names, e.g. a 1.25 built from
 * source) in front of the PostgreSQL test server, for tests and benchmarks: one private process per
 * call, in the foreground as a child of this process, on a free port in 16400-16499 of 127.0.0.1,
 * run as a non-root OS user (`postgres` when this process is root), with its ini, auth file,
 * pidfile and logfile in a temp directory of its own.
 *
 * Authentication: the server trusts 127.0.0.1, so PgBouncer does too (`auth_type = trust`) and logs
 * in to the server without a password. A trusted name must still be known to PgBouncer: the server's
 * superuser is in the auth file and is the `auth_user`, whose `auth_query` looks up any other role
 * on the server when it first connects, so roles the tests create on the fly (`tt_app_…`) need no
 * registration. {@link PgBouncer.allowUser} adds a name to the auth file and reloads (SIGHUP), for
 * setups where the lookup cannot run.
 */

/**
 * What {@link startPgBouncer} starts.
 *
 * @example
 * const options: PgBouncerOptions = { mode: 'transaction', poolSize: 3, roundRobin: true };
 */
export interface PgBouncerOptions {
  /** `pool_mode`: `transaction` hands each transaction any free server session; `session` pins one per client. */
  mode: 'transaction' | 'session';
  /** `default_pool_size`: server sessions per (database, user) pair. */
  poolSize: number;
  /** The server to pool (host, port and superuser are taken from it). Default the test server, `TEST_PG_URL`. */
  serverUrl?: string;
  /**
   * `min_pool_size`: server sessions opened and kept even when idle (default 0). With
   * `poolSize` here, every pooled session exists from the first connection on.
   */
  minPoolSize?: number;
  /**
   * `server_round_robin`: hand out idle server sessions in turn instead of the most recently used
   * one first (default false, PgBouncer's LIFO). On, a lone client's consecutive transactions visit
   * every server session of the pool.
   */
  roundRobin?: boolean;
  /** `max_client_conn`. Default 1000. */
  maxClientConnections?: number;
  /** OS user PgBouncer runs as. Default `postgres` when this process is root, else this process's user. */
  osUser?: string;
  /**
   * `max_prepared_statements` (PgBouncer >= 1.21 only: {@link startPgBouncer} refuses a value above 0
   * on an older binary). Default 0 on every version (1.24+ would default to 200), so the suites behave
   * alike whichever binary runs them: named statements are not tracked across server sessions.
   */
  maxPreparedStatements?: number;
}

/**
 * A running PgBouncer, from {@link startPgBouncer}.
 *
 * @example
 * const bouncer: PgBouncer = await startPgBouncer({ mode: 'session', poolSize: 4 });
 * const client = new Client({ connectionString: bouncer.url('postgres', 'test') });
 */
export interface PgBouncer {
  readonly host: string;
  readonly port: number;
  readonly mode: PgBouncerOptions['mode'];
  readonly poolSize: number;
  /**
   * URL of `database` as `user` through this PgBouncer.
   *
   * @example
   * const client = new Client({ connectionString: bouncer.url(role, 'tt_1234') });
   */
  url(user: string, database: string): string;
  /**
   * Adds `name` to the auth file and reloads PgBouncer (SIGHUP); resolves once the reload is logged.
   * Not needed for roles the `auth_query` finds on the server (every login role of the test server).
   *
   * @example
   * await bouncer.allowUser('tt_app_0123456789');
   */
  allowUser(name: string): Promise<void>;
  /**
   * Makes PgBouncer open every server session of the (`user`, `database`) pool: `poolSize` clients
   * hold a transaction each at the same time. Resolves with the server sessions' backend pids.
   * In transaction mode with `roundRobin`, a lone client then visits them all in turn.
   *
   * @example
   * expect(await bouncer.fill(role, database)).toHaveLength(bouncer.poolSize);
   */
  fill(user: string, database: string): Promise<number[]>;
  /** PgBouncer's log so far (for failure messages). */
  log(): string;
  /**
   * Stops PgBouncer (SIGTERM, SIGKILL after 5 s) and removes its directory. Idempotent.
   *
   * @example
   * afterAll(() => bouncer.stop());
   */
  stop(): Promise<void>;
}

const PORTS = { first: 16400, last: 16499 };
/** `TENANCY_PGBOUNCER_BIN` (e.g. a PgBouncer >= 1.21 built locally), else Debian's. */
const BINARY = process.env.TENANCY_PGBOUNCER_BIN || (['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? 'pgbouncer');
let versionRead: [number, number, number] | null | undefined;
/** PgBouncers not stopped yet, with their directories: killed and removed if this process ends first. */
const running = new Map<ChildProcess, string>();
process.once('exit', () => {
  for (const [child, dir] of running) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Where PgBouncer's private directories go: `TENANCY_PGBOUNCER_DIR` (.ci/run makes one the
 * PgBouncer user can reach), else the OS temp dir.
 *
 * @example
 * mkdtempSync(join(pgbouncerBaseDir(), 'tt-pgbouncer-'));
 */
export function pgbouncerBaseDir(): string {
  return process.env.TENANCY_PGBOUNCER_DIR || tmpdir();
}

/**
 * Whether a PgBouncer binary is installed (the CI script installs one; elsewhere tests skip without it).
 *
 * @example
 * const suite = pgbouncerInstalled() ? describe : describe.skip;
 */
export function pgbouncerInstalled(): boolean {
  return existsSync(BINARY) || spawnSync('sh', ['-c', 'command -v pgbouncer'], { stdio: 'ignore' }).status === 0;
}

/**
 * The version of the PgBouncer binary the tests run (`pgbouncer --version`), e.g. `[1, 18, 0]`;
 * null if there is none or it does not say.
 *
 * @example
 * const v = pgbouncerVersion(); const tracks = !!v && (v[0] > 1 || v[1] >= 21);
 */
export function pgbouncerVersion(): [number, number, number] | null {
  if (versionRead !== undefined) return versionRead;
  const out = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  const m = /PgBouncer (\d+)\.(\d+)(?:\.(\d+))?/.exec(`${out.stdout ?? ''}`);
  versionRead = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
  return versionRead;
}

/**
 * Whether the binary keeps named prepared statements across server sessions in transaction mode
 * when `max_prepared_statements` > 0 (PgBouncer >= 1.21).
 *
 * @example
 * const suite = pgbouncerTracksPreparedStatements() ? describe : describe.skip;
 */
export function pgbouncerTracksPreparedStatements(): boolean {
  const v = pgbouncerVersion();
  return !!v && (v[0] > 1 || v[1] >= 21);
}

/**
 * Starts and stops one PgBouncer (global-setup calls this once per run): undefined if that works,
 * else why not.
 *
 * @example
 * const problem = await probePgBouncer(); if (problem && process.env.CI === 'true') throw new Error(problem);
 */
export async function probePgBouncer(serverUrl?: string): Promise<string | undefined> {
  if (!pgbouncerInstalled()) return `no pgbouncer binary (${BINARY}); apt-get install -y pgbouncer`;
  try {
    const bouncer = await startPgBouncer({ mode: 'transaction', poolSize: 1, serverUrl });
    await bouncer.stop();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Whether the pooler variants can run: global-setup's probe did not list `pgbouncer` as unavailable
 * (only ever outside CI; in CI an unstartable PgBouncer fails the run).
 *
 * @example
 * const suite = pgbouncerAvailable() ? describe : describe.skip;
 */
export function pgbouncerAvailable(): boolean {
  return !(process.env[UNAVAILABLE_ENV] ?? '').split(',').includes('pgbouncer');
}

function osIds(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[0] === user);
  if (!line) throw new Error(`PgBouncer: no OS user ${user} to run as`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePort(tried: Set<number>): Promise<number> {
  const count = PORTS.last - PORTS.first + 1;
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i++) {
    const port = PORTS.first + ((start + i) % count);
    if (!tried.has(port) && (await portFree(port))) return port;
  }
  throw new Error(`PgBouncer: no free port in ${PORTS.first}-${PORTS.last}`);
}

const quoteAuth = (s: string) => `"${s.replace(/"/g, '""')}" ""`;

function ini(dir: string, port: number, server: URL, o: PgBouncerOptions): string {
  const superuser = decodeURIComponent(server.username || 'postgres');
  return [
    '[databases]',
    // Every database (scratch databases have random names) on the one server.
    `* = host=${server.hostname} port=${server.port || 5432}`,
    '',
    '[pgbouncer]',
    `listen_addr = 127.0.0.1`,
    `listen_port = ${port}`,
    `unix_socket_dir =`,
    `pidfile = ${join(dir, 'pgbouncer.pid')}`,
    `logfile = ${join(dir, 'pgbouncer.log')}`,
    `auth_type = trust`,
    `auth_file = ${join(dir, 'users.txt')}`,
    `auth_user = ${superuser}`,
    `auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename = $1`,
    `admin_users = ${superuser}`,
    `pool_mode = ${o.mode}`,
    `default_pool_size = ${o.poolSize}`,
    `min_pool_size = ${o.minPoolSize ?? 0}`,
    `reserve_pool_size = 0`,
    `server_round_robin = ${o.roundRobin ? 1 : 0}`,
    `max_client_conn = ${o.maxClientConnections ?? 1000}`,
    `max_db_connections = 0`,
    // Only >= 1.21 knows the setting (and 1.24+ defaults it to 200): written there, always.
    ...(pgbouncerTracksPreparedStatements() ? [`max_prepared_statements = ${o.maxPreparedStatements ?? 0}`] : []),
    // node-postgres and TypeORM may send these; 1.18 refuses unknown startup parameters otherwise.
    `ignore_startup_parameters = extra_float_digits,options`,
    // server_reset_query stays the default (DISCARD ALL), which PgBouncer runs in session mode only.
    // A login refused by the server (e.g. a database just dropped) is retried soon, not after 15 s.
    `server_login_retry = 1`,
    `log_connections = 0`,
    `log_disconnections = 0`,
    `log_pooler_errors = 1`,
    `stats_period = 3600`,
    '',
  ].join('\n');
}

/** Connects through the bouncer until it answers a query (it then reaches the server too). */
async function ready(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`PgBouncer exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      last = error;
      await client.end().catch(() => undefined);
      await sleep(50);
    }
  }
  throw new Error(`PgBouncer did not accept connections within 15 s (${(last as Error)?.message}):\n${log()}`);
}

async function fill(url: string, count: number): Promise<number[]> {
  const clients = Array.from({ length: count }, () => new Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    // Each client holds its transaction until all have one: no two can share a server session.
    const pids = await Promise.all(clients.map(async (c) => (await c.query('BEGIN; SELECT pg_backend_pid() AS pid'))));
    await Promise.all(clients.map((c) => c.query('COMMIT')));
    return pids.map((r) => Number((r as unknown as Array<{ rows: Array<{ pid: number }> }>)[1].rows[0].pid)).sort((a, b) => a - b);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

/**
 * Starts PgBouncer in front of the PostgreSQL test server and resolves once it answers queries.
 * Throws (with PgBouncer's log) if it cannot start; callers decide whether that skips or fails.
 *
 * @example
 * const bouncer = await startPgBouncer({ mode: 'transaction', poolSize: 3 });
 * try {
 *   const ds = new DataSource({ type: 'postgres', host: bouncer.host, port: bouncer.port, username: role, database, extra: { max: 8 } });
 *   // ...
 * } finally {
 *   await bouncer.stop();
 * }
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  if ((options.maxPreparedStatements ?? 0) > 0 && !pgbouncerTracksPreparedStatements()) {
    const v = pgbouncerVersion();
    throw new Error(`PgBouncer: max_prepared_statements needs PgBouncer >= 1.21; ${BINARY} is ${v ? v.join('.') : 'of unknown version'}. Set TENANCY_PGBOUNCER_BIN to a newer binary.`);
  }
  const server = new URL(options.serverUrl ?? PG_URL);
  const superuser = decodeURIComponent(server.username || 'postgres');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const osUser = options.osUser ?? (root ? 'postgres' : undefined);
  const ids = osUser ? osIds(osUser) : undefined;
  const dir = mkdtempSync(join(pgbouncerBaseDir(), 'tt-pgbouncer-'));
  const users = new Set([superuser]);
  const writeUsers = () => {
    writeFileSync(join(dir, 'users.txt'), [...users].map(quoteAuth).join('\n') + '\n', { mode: 0o600 });
    if (ids) chownSync(join(dir, 'users.txt'), ids.uid, ids.gid);
  };
  if (ids) chownSync(dir, ids.uid, ids.gid); // mkdtemp made it 0700: now the PgBouncer user's own
  writeUsers();

  const tried = new Set<number>();
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(tried);
    tried.add(port);
    const iniPath = join(dir, 'pgbouncer.ini');
    writeFileSync(iniPath, ini(dir, port, server, options), { mode: 0o600 });
    if (ids) chownSync(iniPath, ids.uid, ids.gid);
    rmSync(join(dir, 'pgbouncer.log'), { force: true });

    let output = '';
    const child = spawn(BINARY, [iniPath], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
    });
    running.set(child, dir);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => running.delete(child));
    child.once('error', (error) => {
      output += `\nspawn failed: ${error.message}`;
    });
    const log = () => output;

    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => true), sleep(5000, undefined, { ref: false }).then(() => false)]); // unref: a pending grace timer must not keep the process alive
        if (!killed) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      running.delete(child);
    };

    try {
      await ready(`postgres://${encodeURIComponent(superuser)}@127.0.0.1:${port}/postgres`, child, log);
    } catch (error) {
      await stop();
      lastError = error as Error;
      if (/address already in use|bind/i.test(output)) continue; // another process took the port meanwhile
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }

    let stopped: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      mode: options.mode,
      poolSize: options.poolSize,
      url: (user, database) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      log,
      fill: (user, database) => fill(`postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`, options.poolSize),
      async allowUser(name) {
        if (users.has(name)) return;
        users.add(name);
        writeUsers();
        const before = output.length;
        child.kill('SIGHUP');
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline && !/re-reading config|reload/i.test(output.slice(before))) await sleep(20);
      },
      stop() {
        stopped ??= stop().then(() => rmSync(dir, { recursive: true, force: true }));
        return stopped;
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error('PgBouncer did not start');
}
