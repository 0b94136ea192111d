import { UUID } from 'uuidv7';
import { TenancyError, UuidClockRollbackError } from '../../src/errors';
import { UuidV7Source, uuidV7Date, isUuidV7 } from '../../src/uuid';

const T = Date.parse('2026-11-22T10:15:00.000Z');
const MAX_COUNTER = 2 ** 42 - 1;

/** A clock the test moves by hand. */
function manualClock(start = T) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}

/** Deterministic 32-bit source: scripted values first, then xorshift32. */
function scriptedRandom(script: number[] = [], seed = 0x9e3779b9) {
  const queue = [...script];
  let x = seed >>> 0;
  return {
    nextUint32(): number {
      if (queue.length) return queue.shift()! >>> 0;
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>>= 0);
    },
  };
}

/** The 42-bit counter of an id: rand_a (12 bits) then the top 30 bits of rand_b. */
function counterOf(id: string): number {
  const b = UUID.parse(id).bytes;
  const randA = ((b[6] & 0x0f) << 8) | b[7];
  const randBHi = ((b[8] & 0x3f) << 24) | (b[9] << 16) | (b[10] << 8) | b[11];
  return randA * 2 ** 30 + randBHi;
}

const ms = (id: string) => uuidV7Date(id).getTime();

function expectStrictlyIncreasing(ids: string[]): void {
  for (let i = 1; i < ids.length; i++) expect([i, ids[i] > ids[i - 1]]).toEqual([i, true]);
}

describe('UuidV7Source', () => {
  it('stamps the injected clock and counts up from the RNG seed within one millisecond', () => {
    // Seed draws: 5 * 2^10 + (7 & 0x3ff) = 5127; the third draw fills the last 32 bits.
    const source = new UuidV7Source({ now: () => T, random: scriptedRandom([5, 7, 0xdeadbeef, 1, 2]) });
    const ids = [source.next(), source.next(), source.next()];
    expect(ids.map(ms)).toEqual([T, T, T]);
    expect(ids.map(counterOf)).toEqual([5127, 5128, 5129]);
    expect(ids[0].endsWith('deadbeef')).toBe(true);
    expectStrictlyIncreasing(ids);
  });

  it('reseeds the counter when the clock moves to a new millisecond', () => {
    const clock = manualClock();
    const source = new UuidV7Source({ now: clock.now, random: scriptedRandom([0xffffffff, 0x3ff, 0, 0, 3, 0]) });
    const first = source.next();
    clock.ms++;
    const second = source.next();
    expect([counterOf(first), counterOf(second)]).toEqual([MAX_COUNTER, 3]);
    expect([ms(first), ms(second)]).toEqual([T, T + 1]);
    expect(second > first).toBe(true);
  });

  describe('counter overflow within one millisecond', () => {
    it('moves the timestamp one ms ahead of the clock, reseeds, and stays strictly increasing', () => {
      const clock = manualClock();
      // Seed the first ms at MAX_COUNTER - 2, so the 4th id overflows; later draws are xorshift.
      const source = new UuidV7Source({ now: clock.now, random: scriptedRandom([0xffffffff, 0x3fd]) });
      const ids = [source.next(), source.next(), source.next(), source.next(), source.next()];
      expect(ids.slice(0, 3).map(counterOf)).toEqual([MAX_COUNTER - 2, MAX_COUNTER - 1, MAX_COUNTER]);
      expect(ids.map(ms)).toEqual([T, T, T, T + 1, T + 1]);
      expect(counterOf(ids[4])).toBe(counterOf(ids[3]) + 1);
      // The clock catching up to the borrowed ms keeps counting; a newer ms reseeds.
      clock.ms = T + 1;
      ids.push(source.next());
      expect(ms(ids[5])).toBe(T + 1);
      expect(counterOf(ids[5])).toBe(counterOf(ids[4]) + 1);
      clock.ms = T + 2;
      ids.push(source.next());
      expect(ms(ids[6])).toBe(T + 2);
      expectStrictlyIncreasing(ids);
      expect(ids.every((id) => isUuidV7(id))).toBe(true);
    });

    it('with every seed at the top, each id borrows the next ms; order holds up to the allowance', () => {
      const allowance = 5;
      const ids: string[] = [];
      const source = new UuidV7Source({
        now: () => T,
        random: { nextUint32: () => 0xffffffff },
        rollbackAllowanceMs: allowance,
        onClockRollback: 'abort',
      });
      for (let i = 0; i <= allowance + 1; i++) ids.push(source.next());
      expect(ids.map(ms)).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => T + k));
      expectStrictlyIncreasing(ids);
      // Running more than the allowance ahead of the clock is indistinguishable from a rollback.
      expect(() => source.next()).toThrow(UuidClockRollbackError);
    });

    it("in 'reset' mode, running past the allowance restarts at the clock's ms (order breaks, as documented)", () => {
      const source = new UuidV7Source({ now: () => T, random: { nextUint32: () => 0xffffffff }, rollbackAllowanceMs: 5 });
      const ids = Array.from({ length: 8 }, () => source.next());
      expect(ids.map(ms)).toEqual([T, T + 1, T + 2, T + 3, T + 4, T + 5, T + 6, T]);
      expect(ids[7] < ids[6]).toBe(true);
    });
  });

  describe('clock step-back', () => {
    it.each(['reset', 'abort'] as const)(
      "within the default 10 s allowance keeps the last ms and keeps order (%s mode)",
      (onClockRollback) => {
        const clock = manualClock(T + 10_000);
        const source = new UuidV7Source({ now: clock.now, onClockRollback });
        const ids = [source.next()];
        for (const step of [-1, -5_000, -10_000]) {
          clock.ms = T + 10_000 + step;
          ids.push(source.next());
        }
        clock.ms = T + 10_001;
        ids.push(source.next());
        expect(ids.map(ms)).toEqual([T + 10_000, T + 10_000, T + 10_000, T + 10_000, T + 10_001]);
        expectStrictlyIncreasing(ids);
      },
    );

    it("beyond the allowance in 'reset' mode (the default) continues from the new time", () => {
      const clock = manualClock(T + 20_000);
      const source = new UuidV7Source({ now: clock.now });
      const before = source.next();
      clock.ms = T + 20_000 - 10_001;
      const after = source.next();
      expect(ms(after)).toBe(T + 9_999);
      expect(after < before).toBe(true);
      const next = source.next();
      expect([ms(next), next > after]).toEqual([T + 9_999, true]);
    });

    it("beyond the allowance in 'abort' mode throws UuidClockRollbackError and resumes once the clock is back", () => {
      const clock = manualClock(T + 20_000);
      const source = new UuidV7Source({ now: clock.now, onClockRollback: 'abort' });
      const before = source.next();
      clock.ms = T + 20_000 - 10_001;
      let caught: unknown;
      try {
        source.next();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UuidClockRollbackError);
      expect(caught).toBeInstanceOf(TenancyError);
      const error = caught as UuidClockRollbackError;
      expect(error).toMatchObject({
        code: 'UUID_CLOCK_ROLLBACK',
        name: 'UuidClockRollbackError',
        clockMs: T + 9_999,
        lastMs: T + 20_000,
        allowanceMs: 10_000,
      });
      expect(error.message).toMatch(/10001 ms.*rollbackAllowanceMs/s);
      // Still refusing while the clock stays back; the state was not touched.
      expect(() => source.next()).toThrow(UuidClockRollbackError);
      clock.ms = T + 10_000; // back within the allowance
      const after = source.next();
      expect([ms(after), after > before]).toEqual([T + 20_000, true]);
    });

    it('honours a custom allowance', () => {
      const clock = manualClock(T + 100);
      const source = new UuidV7Source({ now: clock.now, onClockRollback: 'abort', rollbackAllowanceMs: 0 });
      source.next();
      clock.ms = T + 99;
      expect(() => source.next()).toThrow(UuidClockRollbackError);
    });
  });

  it('refuses a negative allowance and a clock that is not a 48-bit integer', () => {
    expect(() => new UuidV7Source({ rollbackAllowanceMs: -1 })).toThrow(RangeError);
    expect(() => new UuidV7Source({ now: () => 1.5 }).next()).toThrow(RangeError);
    expect(() => new UuidV7Source({ now: () => -1 }).next()).toThrow(RangeError);
    expect(() => new UuidV7Source({ now: () => 2 ** 48 }).next()).toThrow(RangeError);
  });
});
