/**
 * Peak memory growth over a span: the highest sample minus the first, in bytes (never negative).
 *
 * @example
 * const { rssDelta, heapDelta }: MemoryDelta = startMemorySampler().stop();
 */
export interface MemoryDelta {
  rssDelta: number;
  heapDelta: number;
}

/**
 * A running sampler; `stop()` takes a last sample and returns the peak growth.
 *
 * @example
 * const sampler: MemorySampler = startMemorySampler(); await work(); sampler.stop();
 */
export interface MemorySampler {
  stop(): MemoryDelta;
}

/**
 * Samples `process.memoryUsage()` every `intervalMs` until stopped and reports the peak RSS and
 * heap-used growth since the start. Migrations spend their time waiting on the database, so the
 * timer gets to run; a span shorter than one interval is measured by its first and last sample.
 *
 * @example
 * const sampler = startMemorySampler();
 * await migration.up(queryRunner);
 * const { rssDelta, heapDelta } = sampler.stop();
 */
export function startMemorySampler(intervalMs = 10): MemorySampler {
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    heap = Math.max(heap, now.heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssDelta: rss - start.rss, heapDelta: heap - start.heapUsed };
    },
  };
}

/**
 * Bytes as a signed, short human figure: `+0 B`, `+512 kB`, `+1.2 MB` (decimal units).
 *
 * @example
 * formatBytes(1_234_567); // '+1.2 MB'
 */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '+';
  const n = Math.abs(bytes);
  if (n < 1000) return `${sign}${n} B`;
  if (n < 1_000_000) return `${sign}${Math.round(n / 1000)} kB`;
  return `${sign}${(n / 1_000_000).toFixed(1)} MB`;
}
