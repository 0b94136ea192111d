import type { QueryResultCache } from 'typeorm/cache/QueryResultCache';
import type { QueryResultCacheOptions } from 'typeorm/cache/QueryResultCacheOptions';

/** A query-result cache in memory, keyed like TypeORM's own: by identifier, else by query text. */
export class MemoryCache implements QueryResultCache {
  readonly entries = new Map<string, QueryResultCacheOptions>();
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  async synchronize(): Promise<void> {}
  async getFromCache(options: QueryResultCacheOptions): Promise<QueryResultCacheOptions | undefined> {
    return this.entries.get((options.identifier ?? options.query)!);
  }
  async storeInCache(options: QueryResultCacheOptions): Promise<void> {
    this.entries.set((options.identifier ?? options.query)!, { ...options });
  }
  isExpired(saved: QueryResultCacheOptions): boolean {
    return saved.time! + saved.duration < Date.now();
  }
  async clear(): Promise<void> {
    this.entries.clear();
  }
  async remove(identifiers: string[]): Promise<void> {
    identifiers.forEach((id) => this.entries.delete(id));
  }
}
