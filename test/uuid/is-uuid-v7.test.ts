import { isUuid, isUuidV7, uuidv7 } from '../../src/uuid';

const v7 = '0190a6a4-8c1e-7b3a-9f2d-4c5e6f708192';

describe('isUuidV7', () => {
  it('accepts canonical lowercase v7 with each variant-10 nibble', () => {
    expect(isUuidV7(uuidv7())).toBe(true);
    for (const nibble of ['8', '9', 'a', 'b']) expect(isUuidV7(`0190a6a4-8c1e-7b3a-${nibble}f2d-4c5e6f708192`)).toBe(true);
  });

  it.each([
    ['v4', '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'],
    ['v1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['v6', '1ec9414c-232a-6b00-b3c8-9f6bdeced846'],
    ['v8', '0190a6a4-8c1e-8b3a-9f2d-4c5e6f708192'],
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['max', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['variant 0 (NCS)', '0190a6a4-8c1e-7b3a-7f2d-4c5e6f708192'],
    ['variant 110 (Microsoft)', '0190a6a4-8c1e-7b3a-cf2d-4c5e6f708192'],
    ['variant 111 (reserved)', '0190a6a4-8c1e-7b3a-ef2d-4c5e6f708192'],
    ['uppercase', v7.toUpperCase()],
    ['one uppercase digit', v7.replace('a6a4', 'A6a4')],
    ['braces', `{${v7}}`],
    ['urn', `urn:uuid:${v7}`],
    ['no hyphens', v7.replace(/-/g, '')],
    ['leading space', ` ${v7}`],
    ['trailing newline', `${v7}\n`],
    ['misplaced hyphen', '0190a6a48-c1e-7b3a-9f2d-4c5e6f708192'],
    ['non-hex digit', '0190a6a4-8c1e-7b3a-9f2d-4c5e6f70819g'],
    ['too short', v7.slice(0, 35)],
    ['too long', `${v7}0`],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(isUuidV7(value)).toBe(false);
  });

  it.each([undefined, null, 42, {}, [v7], Buffer.from(v7)])('rejects the non-string %p', (value) => {
    expect(isUuidV7(value)).toBe(false);
  });
});

describe('isUuid', () => {
  it('accepts versions 1 to 8 in either case (tenant ids are lowercased by their callers)', () => {
    expect(isUuid('9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192')).toBe(true);
    expect(isUuid('C232AB00-9414-11EC-B3C8-9F6BDECED846')).toBe(true);
    expect(isUuid(v7)).toBe(true);
  });

  it.each([
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['max', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['version 0', '9b2f2d1e-8c1e-0b3a-9f2d-4c5e6f708192'],
    ['version 9', '9b2f2d1e-8c1e-9b3a-9f2d-4c5e6f708192'],
    ['variant 110', '9b2f2d1e-8c1e-4b3a-cf2d-4c5e6f708192'],
    ['braces', `{${v7}}`],
    ['urn', `urn:uuid:${v7}`],
    ['whitespace', ` ${v7} `],
  ])('rejects %s', (_label, value) => {
    expect(isUuid(value)).toBe(false);
  });
});
