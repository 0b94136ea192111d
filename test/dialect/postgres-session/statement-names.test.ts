import { StatementNames } from '../../../src/dialect/postgres-session/statement-names';

describe('StatementNames', () => {
  it('gives each text one name, unique per prefix', () => {
    const names = new StatementNames('c1_', 10);
    expect(names.nameFor('SELECT $1')).toBe('c1_1');
    expect(names.nameFor('SELECT $1')).toBe('c1_1');
    expect(names.nameFor('SELECT $1, $2')).toBe('c1_2');
  });

  it('stops naming past the limit, names waiting to be closed included', () => {
    const names = new StatementNames('c_', 2);
    names.nameFor('a');
    names.nameFor('b');
    expect(names.nameFor('c')).toBeUndefined();
    expect(names.retire('a')).toBe('c_1');
    expect(names.nameFor('a')).toBeUndefined(); // c_1 may still exist on the server
    expect(names.takeClosing()).toEqual(['c_1']);
    expect(names.nameFor('a')).toBe('c_3'); // closed: room again
  });

  it('a retired text gets a fresh name; retireAll() retires every name; each is handed over to be closed once', () => {
    const names = new StatementNames('c_', 5);
    names.nameFor('a');
    names.retire('a');
    expect(names.nameFor('a')).toBe('c_2');
    names.nameFor('b');
    expect(names.retireAll()).toEqual(['c_2', 'c_3']);
    expect(names.hasClosing()).toBe(true);
    expect(names.takeClosing()).toEqual(['c_1', 'c_2', 'c_3']);
    expect(names.hasClosing()).toBe(false);
    expect(names.takeClosing()).toEqual([]);
    expect(names.nameFor('a')).toBe('c_4');
  });
});
