import type { DataSource } from 'typeorm';
import { PREPARED_NAME_PREFIX, SETTINGS_NAME_PREFIX } from '../../src/dialect/postgres-session/tenant-client';

/**
 * Protocol-level counts of a PostgreSQL DataSource's pooled connections: round trips (ReadyForQuery
 * messages from the server), statements executed (Bind + simple Query messages) and, among them,
 * the tenant settings sent in front of a statement (an unnamed `SELECT set_config(…)` Parse, a Bind
 * of the settings statement prepared under its name, or a simple-protocol text that starts with our
 * `SET LOCAL` prefix).
 */
export interface Wire {
  roundTrips: number;
  statements: number;
  settings: number;
}

type Conn = {
  on(e: string, f: () => void): void;
  bind(b: { statement?: string }): void;
  query(text: string): void;
  parse(p: { name?: string; text?: string }): void;
};

const SETTINGS_PARSE = "SELECT set_config(";
const SETTINGS_TEXT = 'SET LOCAL ';

/** Calls `watch` once for each connection the DataSource's pool hands out from now on. */
function onEachConnection(ds: DataSource, watch: (c: Conn) => void): void {
  const seen = new WeakSet<object>();
  const pool = (ds.driver as unknown as { master: { on(e: string, f: (c: { connection: Conn }) => void): void } }).master;
  pool.on('acquire', ({ connection }) => {
    if (seen.has(connection)) return;
    seen.add(connection);
    watch(connection);
  });
}

/**
 * Starts counting on every connection the pool hands out from now on; the returned function reads
 * the counts and resets them.
 *
 * @example
 * const take = countWire(ds); await work(); expect(take().settings).toBe(0);
 */
export function countWire(ds: DataSource): () => Wire {
  const wire: Wire = { roundTrips: 0, statements: 0, settings: 0 };
  onEachConnection(ds, (c) => {
    c.on('readyForQuery', () => wire.roundTrips++);
    const bind = c.bind.bind(c);
    c.bind = (b) => {
      wire.statements++;
      if (b.statement?.startsWith(SETTINGS_NAME_PREFIX)) wire.settings++;
      bind(b);
    };
    const parse = c.parse.bind(c);
    c.parse = (p) => {
      if (!p.name && p.text?.startsWith(SETTINGS_PARSE)) wire.settings++;
      parse(p);
    };
    const query = c.query.bind(c);
    c.query = (text) => {
      wire.statements++;
      if (text.startsWith(SETTINGS_TEXT)) wire.settings++;
      query(text);
    };
  });
  return () => {
    const now = { ...wire };
    wire.roundTrips = wire.statements = wire.settings = 0;
    return now;
  };
}

/** Counts Parse messages of statements named with `prefix`, on every connection the pool hands out from now on. */
function countNamedParses(ds: DataSource, prefix: string): () => number {
  let parses = 0;
  onEachConnection(ds, (c) => {
    const parse = c.parse.bind(c);
    c.parse = (p) => {
      if (p.name?.startsWith(prefix)) parses++;
      parse(p);
    };
  });
  return () => parses;
}

/**
 * Counts Parse messages of the settings statement prepared under its name, on every connection the
 * pool hands out from now on; the returned function reads the count.
 *
 * @example
 * const parses = countSettingsPrepares(ds); await work(); expect(parses()).toBe(1);
 */
export const countSettingsPrepares = (ds: DataSource): (() => number) => countNamedParses(ds, SETTINGS_NAME_PREFIX);

/**
 * Counts Parse messages of application statements prepared by `preparedStatements`, on every
 * connection the pool hands out from now on; the returned function reads the count.
 *
 * @example
 * const parses = countPrepares(ds); await work(); expect(parses()).toBe(1);
 */
export const countPrepares = (ds: DataSource): (() => number) => countNamedParses(ds, PREPARED_NAME_PREFIX);
