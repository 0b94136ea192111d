import { V7Generator } from 'uuidv7';

/** Options of a {@link UuidV7Source}; every field is a seam for tests. */
export interface UuidV7SourceOptions {
  /** Clock in Unix milliseconds. Default `Date.now`. */
  now?: () => number;
  /** 32-bit random source. Default: the `uuidv7` package's crypto-backed source. */
  random?: { nextUint32(): number };
  /**
   * What to do when the clock steps back by more than `rollbackAllowanceMs`:
   * `'reset'` (default) starts again from the new time, so order breaks but ids keep flowing;
   * `'abort'` throws, so order can never break.
   * A step-back within the allowance never breaks order: the previous timestamp is reused and the
   * counter keeps increasing.
   */
  onClockRollback?: 'reset' | 'abort';
  /** Largest clock step-back treated as jitter. Default 10 000 ms (the package's default). */
  rollbackAllowanceMs?: number;
}

/**
 * A monotonic UUIDv7 generator (RFC 9562 §5.7, counter method of §6.2 with a 42-bit counter).
 * The library uses one shared instance; create your own only to inject a clock or RNG in tests.
 *
 * @example
 * const source = new UuidV7Source({ now: () => Date.parse('2026-01-01T00:00:00Z') });
 * source.next(); // '019b76da-a800-7…'
 */
export class UuidV7Source {
  private readonly generator: V7Generator;
  private readonly now: () => number;
  private readonly abort: boolean;
  private readonly allowance: number;

  constructor(options: UuidV7SourceOptions = {}) {
    this.generator = new V7Generator(options.random);
    this.now = options.now ?? Date.now;
    this.abort = options.onClockRollback === 'abort';
    this.allowance = options.rollbackAllowanceMs ?? 10_000;
  }

  /** Returns the next id: lowercase canonical text, strictly greater than the previous one. */
  next(): string {
    const ms = this.now();
    if (this.abort) {
      const id = this.generator.generateOrAbortCore(ms, this.allowance);
      if (id === undefined) {
        throw new RangeError(
          `Clock moved back more than ${this.allowance} ms; refusing to generate an out-of-order UUIDv7.`,
        );
      }
      return id.toString();
    }
    return this.generator.generateOrResetCore(ms, this.allowance).toString();
  }
}
