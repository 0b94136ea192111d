import type { DataSource } from 'typeorm';

/**
 * Protocol-level counts of a PostgreSQL DataSource's pooled connections: round trips (ReadyForQuery
 * messages from the server), statements sent (Parse + simple Query messages) and, among them, the
 * settings statements of the tenant session (those naming `app.tenant_id`).
 */
export interface Wire {
  roundTrips: number;
  statements: number;
  settings: number;
}

type Conn = { on(e: string, f: () => void): void; parse(q: { text: string }): void; query(text: string): void };

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
    const count = (text: string) => {
      wire.statements++;
      if (text.includes('app.tenant_id')) wire.settings++;
    };
    const parse = c.parse.bind(c);
    c.parse = (q) => (count(q.text), parse(q));
    const query = c.query.bind(c);
    c.query = (text) => (count(text), query(text));
  });
  return () => {
    const now = { ...wire };
    wire.roundTrips = wire.statements = wire.settings = 0;
    return now;
  };
}

