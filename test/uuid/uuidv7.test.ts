import { UUID } from 'uuidv7';
import { isUuidV7, uuidV7Date, uuidv7 } from '../../src/uuid';

describe('uuidv7()', () => {
  it('returns canonical lowercase text with version 7 and variant 10', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const parsed = UUID.parse(id);
      expect(parsed.getVersion()).toBe(7);
      expect(parsed.getVariant()).toBe('VAR_10');
      expect(parsed.bytes[6] >>> 4).toBe(0x7);
      expect(parsed.bytes[8] >>> 6).toBe(0b10);
      expect(isUuidV7(id)).toBe(true);
    }
  });

  it('embeds the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    const ms = uuidV7Date(id).getTime();
    expect(ms).toBeGreaterThanOrEqual(before);
    // The counter may have run one ms ahead of the clock on overflow; never more in practice.
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('gives 1,000,000 ids in strictly increasing string order, all distinct and valid', () => {
    const n = 1_000_000;
    let previous = uuidv7();
    let outOfOrder = 0;
    let invalid = 0;
    for (let i = 0; i < n; i++) {
      const id = uuidv7();
      if (!(id > previous)) outOfOrder++;
      if (!isUuidV7(id)) invalid++;
      previous = id;
    }
    // Strict increase implies distinctness; count instead of asserting per id to stay fast.
    expect({ outOfOrder, invalid }).toEqual({ outOfOrder: 0, invalid: 0 });
  });
});
