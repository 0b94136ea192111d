import { StatementNames } from '../../../src/dialect/postgres-session/statement-names';

describe('StatementNames', () => {
  it('gives each text one name, unique per prefix', () => {
    const names = new StatementNames('c1_', 10);
    expect(names.nameFor('SELECT $1')).toBe('c1_1');
    expect(names.nameFor('SELECT $1')).toBe('c1_1');
    expect(names.nameFor('SELECT $1, $2')).toBe('c1_2');
  });

  it('stops naming past the limit, retired names included', () => {
    const names = new StatementNames('c_', 2);
    names.nameFor('a');
    names.nameFor('b');
    expect(names.nameFor('c')).toBeUndefined();
    expect(names.retire('a')).toBe('c_1');
    expect(names.nameFor('a')).toBeUndefined(); // c_1 may still exist on the server
  });

  it('a retired text gets a fresh name; clear() forgets everything and frees the limit', () => {
    const names = new StatementNames('c_', 5);
    names.nameFor('a');
    names.retire('a');
    expect(names.nameFor('a')).toBe('c_2');
    expect(names.clear()).toEqual(['c_2']);
    expect(names.nameFor('a')).toBe('c_3');
  });

  it('retireAll() gives every text a fresh name; the old ones still count toward the limit', () => {
    const names = new StatementNames('c_', 3);
    names.nameFor('a');
    names.nameFor('b');
    expect(names.retireAll()).toEqual(['c_1', 'c_2']);
    expect(names.nameFor('a')).toBe('c_3');
    expect(names.nameFor('b')).toBeUndefined(); // c_1 and c_2 may still exist on the server
  });
});
