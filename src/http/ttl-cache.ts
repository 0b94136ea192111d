/**
 * A small bounded cache with a time-to-live per entry, oldest entry evicted first (insertion
 * order of a Map; a hit does not refresh it, so a hot entry still expires on time).
 *
 * @example
 * const cache = new TtlCache<string>(1000);
 * cache.set('acme', id, 30_000);
 * cache.get('acme'); // id, for 30 s
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  /** @param maxEntries at most this many entries are kept (at least 1) @param now the clock, a seam for tests */
  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, or `undefined` when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` for `ttlMs` milliseconds, evicting the oldest entries beyond `maxEntries`. */
  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.entries.size > Math.max(1, this.maxEntries)) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Forgets one key, or everything. */
  delete(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  /** Number of entries held (expired ones included until read). */
  get size(): number {
    return this.entries.size;
  }
}
