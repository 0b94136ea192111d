/**
 * Names for the application's parameterized statements on one connection, so PostgreSQL parses
 * and plans each text once per connection instead of for every execution (TypeORM sends every
 * statement unprepared; with row-level security, planning the policies is most of the wall's
 * server cost). Bounded: past `limit` names (retired ones included), new texts stay unnamed.
 *
 * @example
 * const names = new StatementNames('tt_q_1_', 256);
 * names.nameFor('SELECT * FROM t WHERE id = $1'); // 'tt_q_1_1', the same name every time
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private count = 0;
  /** Names given up while the server may still hold them (stale plans): they count toward the limit. */
  private retired = 0;

  /**
   * @param prefix unique per connection and process (a shared PGlite session must not collide)
   * @param limit most texts named at once on this connection
   */
  constructor(
    private readonly prefix: string,
    private readonly limit: number,
  ) {}

  /** The name of `text`, giving it one if there is room; undefined once the limit is reached. */
  nameFor(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size + this.retired < this.limit) {
      name = `${this.prefix}${++this.count}`;
      this.names.set(text, name);
    }
    return name;
  }

  /** Stops using the name of `text` (its plan went stale); the next use gets a fresh name. */
  retire(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined && this.names.delete(text)) this.retired++;
    return name;
  }

  /**
   * Stops using every name (the schema changed, so any plan may be stale); the server keeps the
   * statements, so they count toward the limit. Returns them.
   */
  retireAll(): string[] {
    const all = [...this.names.values()];
    this.retired += all.length;
    this.names.clear();
    return all;
  }

  /** Forgets every name (the server dropped them all: DISCARD, DEALLOCATE); returns them. */
  clear(): string[] {
    const all = [...this.names.values()];
    this.names.clear();
    this.retired = 0;
    return all;
  }
}
