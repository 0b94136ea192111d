/**
 * Names for the application's parameterized statements on one connection, so PostgreSQL parses
 * and plans each text once per connection instead of for every execution (TypeORM sends every
 * statement unprepared; with row-level security, planning the policies is most of the wall's
 * server cost). Bounded: names in use plus names still to be closed on the server never exceed
 * `limit`; past it, new texts stay unnamed.
 *
 * @example
 * const names = new StatementNames('tt_q_1_', 256);
 * names.nameFor('SELECT * FROM t WHERE id = $1'); // 'tt_q_1_1', the same name every time
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  /** Names given up while the server may still hold them: closed in front of the next named statement. */
  private closing: string[] = [];
  private count = 0;

  /**
   * @param prefix unique per connection and process (a shared PGlite session must not collide)
   * @param limit most statements this connection may hold on the server at once
   */
  constructor(
    private readonly prefix: string,
    private readonly limit: number,
  ) {}

  /** The name of `text`, giving it one if there is room; undefined once the limit is reached. */
  nameFor(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size + this.closing.length < this.limit) {
      name = `${this.prefix}${++this.count}`;
      this.names.set(text, name);
    }
    return name;
  }

  /** Stops using the name of `text` (its plan went stale, or it vanished); the next use gets a fresh name. */
  retire(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined && this.names.delete(text)) this.closing.push(name);
    return name;
  }

  /**
   * Stops using every name (the schema changed, or statements were dropped: any of them may be
   * stale or gone); returns them. Each text gets a fresh name at its next use.
   */
  retireAll(): string[] {
    const all = [...this.names.values()];
    this.closing.push(...all);
    this.names.clear();
    return all;
  }

  /** Whether retired names wait to be closed. */
  hasClosing(): boolean {
    return this.closing.length > 0;
  }

  /** The retired names the server may still hold, now handed over to be closed (Close of a missing name is harmless). */
  takeClosing(): string[] {
    const closing = this.closing;
    this.closing = [];
    return closing;
  }
}
