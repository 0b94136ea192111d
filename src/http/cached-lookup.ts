import { TtlCache } from './ttl-cache';

/**
 * Cache settings of {@link activeTenantCheck} and {@link tenantIdBySlug}.
 *
 * @example
 * activeTenantCheck(dataSource, { ttlMs: 10_000, maxEntries: 500 });
 */
export interface TenantCacheOptions {
  /** How long a found tenant is remembered. Default 30 000 ms; 0 turns the cache off. */
  ttlMs?: number;
  /** How long "no such tenant" is remembered (keeps random ids off the database). Default 5 000 ms. */
  missTtlMs?: number;
  /** Entries kept at most. Default 1 000. */
  maxEntries?: number;
  /** The clock (a seam for tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * A cached async lookup: concurrent calls for one key share one query; failures are not cached.
 * `clear(key?)` forgets an entry (call it when you suspend or delete a tenant).
 *
 * @example
 * const lookup = cachedLookup((slug) => findId(slug), { ttlMs: 30_000 });
 */
export function cachedLookup<V>(
  load: (key: string) => Promise<V | undefined>,
  options: TenantCacheOptions = {},
): ((key: string) => Promise<V | undefined>) & { clear(key?: string): void } {
  const ttl = options.ttlMs ?? 30_000;
  const missTtl = Math.min(options.missTtlMs ?? 5_000, ttl);
  const cache = new TtlCache<Promise<V | undefined>>(options.maxEntries ?? 1_000, options.now);
  const lookup = (key: string): Promise<V | undefined> => {
    const hit = cache.get(key);
    if (hit) return hit;
    const pending = load(key).then((value) => {
      if (cache.get(key) === pending) {
        if (ttl <= 0 || (value === undefined && missTtl <= 0)) cache.delete(key);
        else cache.set(key, pending, value === undefined ? missTtl : ttl);
      }
      return value;
    });
    pending.catch(() => cache.get(key) === pending && cache.delete(key));
    cache.set(key, pending, Math.max(ttl, 1)); // in flight: shared by concurrent requests
    return pending;
  };
  return Object.assign(lookup, { clear: (key?: string) => cache.delete(key) });
}
