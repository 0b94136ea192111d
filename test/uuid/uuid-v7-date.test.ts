import { InvalidUuidError, TenancyError } from '../../src/errors';
import { UuidV7Source, uuidV7Date } from '../../src/uuid';

describe('uuidV7Date', () => {
  it.each([
    ['the epoch', 0],
    ['2026-11-22T10:15:00.123Z', Date.parse('2026-11-22T10:15:00.123Z')],
    ['a byte boundary', 0x01_00_00_00_00_00],
    ['the last 48-bit ms', 2 ** 48 - 1],
  ])('returns the injected clock time for %s', (_label, ms) => {
    const id = new UuidV7Source({ now: () => ms }).next();
    expect(id.slice(0, 13).replace('-', '')).toBe(ms.toString(16).padStart(12, '0'));
    expect(uuidV7Date(id).getTime()).toBe(ms);
  });

  it('reads uppercase ids too (reading a time is harmless; isUuidV7 still refuses them as keys)', () => {
    const ms = Date.parse('2026-01-01T00:00:00Z');
    const id = new UuidV7Source({ now: () => ms }).next();
    expect(uuidV7Date(id.toUpperCase()).getTime()).toBe(ms);
  });

  it.each([
    ['a v4', '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'],
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['a braced v7', '{0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192}'],
    ['a slug', 'acme'],
  ])('throws InvalidUuidError (UUID_INVALID) for %s', (_label, value) => {
    let caught: unknown;
    try {
      uuidV7Date(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidUuidError);
    expect(caught).toBeInstanceOf(TenancyError);
    const error = caught as InvalidUuidError;
    expect(error.code).toBe('UUID_INVALID');
    expect(error.name).toBe('InvalidUuidError');
    expect(error.value).toBe(value);
    expect(error.message).toContain(JSON.stringify(value));
    expect(error.message).toMatch(/uuidv7\(\)/);
  });

  it('throws InvalidUuidError for non-strings from untyped callers', () => {
    expect(() => uuidV7Date(undefined as unknown as string)).toThrow(InvalidUuidError);
    expect(() => uuidV7Date(42 as unknown as string)).toThrow(InvalidUuidError);
  });
});
