import { V7Generator, type UUID } from 'uuidv7';
import { UuidClockRollbackError } from '../errors/uuid-clock-rollback-error';

/** Options of a {@link UuidV7Source}; every field is a seam for tests. */
export interface UuidV7SourceOptions {
  /** Clock in whole Unix milliseconds (a 48-bit unsigned integer). Default `Date.now`. */
  now?: () => number;
  /**
   * 32-bit random source. Default: the `uuidv7` package's crypto-backed source. Each new
   * millisecond seeds the 42-bit counter from two draws (`a * 2^10 + (b & 0x3ff)`); every id then
   * takes one more draw for its last 32 bits.
   */
  random?: { nextUint32(): number };
  /**
   * What to do when the clock steps back by more than `rollbackAllowanceMs`:
   * `'reset'` (default) starts again from the new time, so order breaks but ids keep flowing;
   * `'abort'` throws {@link UuidClockRollbackError} (`UUID_CLOCK_ROLLBACK`), so order never breaks.
   * A step-back within the allowance never breaks order: the previous timestamp is reused and the
   * counter keeps increasing.
   */
  onClockRollback?: 'reset' | 'abort';
  /** Largest clock step-back treated as jitter. Default 10 000 ms (the package's default). */
  rollbackAllowanceMs?: number;
}

const timestampOf = (id: UUID) => id.bytes.slice(0, 6).reduce((ms, byte) => ms * 256 + byte, 0);

/**
 * A monotonic UUIDv7 generator (RFC 9562 §5.7, counter method of §6.2 with a 42-bit counter).
 * Within one millisecond the counter increments; if it overflows (2^42 ids in one ms, or a seed
 * near the top) the timestamp moves one ms ahead of the clock, so order still holds. Running ahead
 * by more than the allowance counts as a rollback. The library uses one shared instance; create your
 * own only to inject a clock or RNG in tests.
 *
 * @throws RangeError from the constructor when `rollbackAllowanceMs` is negative, and from `next()`
 *   when the clock returns anything but a 48-bit unsigned integer.
 * @example
 * const source = new UuidV7Source({ now: () => Date.parse('2026-01-01T00:00:00Z') });
 * source.next(); // '019b76da-a800-7…'
 */
export class UuidV7Source {
  private readonly generator: V7Generator;
  private readonly now: () => number;
  private readonly abort: boolean;
  private readonly allowance: number;
  /** Last id issued in abort mode, to report its time when refusing. */
  private last?: UUID;

  constructor(options: UuidV7SourceOptions = {}) {
    this.generator = new V7Generator(options.random);
    this.allowance = options.rollbackAllowanceMs ?? 10_000;
    this.generator.setRollbackAllowance(this.allowance);
    this.now = options.now ?? Date.now;
    this.abort = options.onClockRollback === 'abort';
  }

  /**
   * Returns the next id: lowercase canonical text, strictly greater than the previous one (except
   * right after a `'reset'` beyond the allowance).
   *
   * @throws UuidClockRollbackError in `'abort'` mode when the clock is more than the allowance behind
   *   the last id; the state is untouched, so later calls succeed once the clock catches up.
   */
  next(): string {
    const ms = this.now();
    if (!this.abort) return this.generator.generateOrResetWithTs(ms).toString();
    const id = this.generator.generateOrAbortWithTs(ms);
    // `last` is set here: the generator never aborts before its first id.
    if (id === undefined) throw new UuidClockRollbackError(ms, timestampOf(this.last!), this.allowance);
    this.last = id;
    return id.toString();
  }
}
