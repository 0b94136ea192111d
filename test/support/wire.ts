import type { DataSource } from 'typeorm';
import { SETTINGS_NAME_PREFIX } from '../../src/dialect/postgres-session/tenant-session';

/**
 * Protocol-level counts of a PostgreSQL DataSource's pooled connections: round trips (ReadyForQuery
 * messages from the server), statements executed (Bind + simple Query messages) and, among them,
 * executions of the tenant session's settings statement (prepared once per connection, so counted
 * by its Bind).
 */
export interface Wire {
  roundTrips: number;
  statements: number;
  settings: number;
}

type Conn = { on(e: string, f: () => void): void; bind(b: { statement?: string }): void; query(text: string): void };

/**
 * Starts counting on every connection the pool hands out from now on; the returned function reads
 * the counts and resets them.
 *
 * @example
 * const take = countWire(ds); await work(); expect(take().settings).toBe(0);
 */
export function countWire(ds: DataSource): () => Wire {
  const wire: Wire = { roundTrips: 0, statements: 0, settings: 0 };
  const seen = new WeakSet<object>();
  const pool = (ds.driver as unknown as { master: { on(e: string, f: (c: { connection: Conn }) => void): void } }).master;
  pool.on('acquire', (client) => {
    const c = client.connection;
    if (seen.has(c)) return;
    seen.add(c);
    c.on('readyForQuery', () => wire.roundTrips++);
    const bind = c.bind.bind(c);
    c.bind = (b) => {
      wire.statements++;
      if (b.statement?.startsWith(SETTINGS_NAME_PREFIX)) wire.settings++;
      bind(b);
    };
    const query = c.query.bind(c);
    c.query = (text) => {
      wire.statements++;
      query(text);
    };
  });
  return () => {
    const now = { ...wire };
    wire.roundTrips = wire.statements = wire.settings = 0;
    return now;
  };
}

