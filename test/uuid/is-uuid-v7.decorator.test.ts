import { validate } from 'class-validator';
import { IsUuidV7, uuidv7 } from '../../src/uuid';

class Invite {
  @IsUuidV7()
  conferenceId: unknown;
}

class Batch {
  @IsUuidV7({ each: true, message: 'every id must be a UUIDv7' })
  ids: unknown[];
}

const invite = (conferenceId: unknown) => Object.assign(new Invite(), { conferenceId });

describe('@IsUuidV7', () => {
  it('passes a UUIDv7', async () => {
    expect(await validate(invite(uuidv7()))).toEqual([]);
  });

  it.each([
    ['a v4', '9b2f2d1e-8c1e-4b3a-9f2d-4c5e6f708192'],
    ['an uppercase v7', '0190A6A4-8C1E-7B3A-9F2D-4C5E6F708192'],
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['a number', 42],
    ['undefined', undefined],
  ])('fails %s with the isUuidV7 constraint and its default message', async (_label, value) => {
    const errors = await validate(invite(value));
    expect(errors).toHaveLength(1);
    expect(errors[0].property).toBe('conferenceId');
    expect(errors[0].constraints).toEqual({ isUuidV7: 'conferenceId must be a UUIDv7 (lowercase 8-4-4-4-12, version 7)' });
  });

  it('supports validation options (each, message)', async () => {
    const ok = Object.assign(new Batch(), { ids: [uuidv7(), uuidv7()] });
    const bad = Object.assign(new Batch(), { ids: [uuidv7(), 'nope'] });
    expect(await validate(ok)).toEqual([]);
    const errors = await validate(bad);
    expect(errors.map((e) => e.constraints)).toEqual([{ isUuidV7: 'every id must be a UUIDv7' }]);
  });
});
