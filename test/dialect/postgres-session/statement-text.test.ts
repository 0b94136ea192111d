import { classify } from '../../../src/dialect/postgres-session/statement-text';

/** How the tenant session reads statement text: every doubt must land on the safe side. */
describe('classify', () => {
  it.each([
    ['BEGIN', { control: true, start: true, end: false, rollback: false }],
    ['start transaction isolation level serializable', { control: true, start: true }],
    ['COMMIT', { control: true, end: true, chain: false }],
    ['commit and chain', { control: true, end: true, chain: true }],
    ['/* tx */ ROLLBACK', { control: true, rollback: true, rollbackEnds: true }],
    ['ROLLBACK AND CHAIN', { rollbackEnds: true, chain: true }],
    ['ROLLBACK TO SAVEPOINT s1', { control: true, rollback: true, rollbackEnds: false }],
    ["ROLLBACK PREPARED 'x'", { rollback: true, rollbackEnds: false }],
    ["SELECT 'rollback' AS word", { control: false, rollback: true, rollbackEnds: false }],
    ['SELECT 1', { several: false, control: false, rollback: false, touchesSettings: false, dropsStatements: false }],
  ])('%s', (text, expected) => {
    expect(classify(text)).toMatchObject(expected);
  });

  it('several statements are never transaction control, and are assumed to touch everything', () => {
    expect(classify('BEGIN; SELECT 1; COMMIT')).toMatchObject({ several: true, control: false, start: false, end: false });
    expect(classify('SELECT 1;')).toMatchObject({ several: false });
  });

  it.each(["RESET app.tenant_id", 'reset all', 'DISCARD ALL', "SET app.tenant_id = 'x'", "SELECT set_config('app.tenant_id', '', false)", 'SELECT current_setting(\'app.tenant_id\')'])(
    '%s touches the settings',
    (text) => expect(classify(text).touchesSettings).toBe(true),
  );

  it('DISCARD and DEALLOCATE anywhere drop prepared statements', () => {
    expect(classify('DEALLOCATE ALL').dropsStatements).toBe(true);
    expect(classify('SELECT 1; discard plans').dropsStatements).toBe(true);
  });

  it('ALTER, DROP and CREATE OR REPLACE change the schema (at the head, or anywhere among several); a plain CREATE and words inside names do not', () => {
    for (const text of ['ALTER TABLE t ALTER COLUMN v TYPE text', '/* m */ drop table t', 'CREATE OR REPLACE VIEW v AS SELECT 1', 'DO $$ BEGIN ALTER TABLE t ADD c int; END $$']) {
      expect(classify(text).changesSchema).toBe(true);
    }
    for (const text of ['SELECT created_at, alter_ego FROM t WHERE id = $1', "SELECT 'drop' AS word", 'CREATE TEMP TABLE t (id int)']) {
      expect(classify(text).changesSchema).toBe(false);
    }
  });

  it('remembers a text: the same object comes back', () => {
    expect(classify('SELECT 42')).toBe(classify('SELECT 42'));
  });

  it('does not keep long texts (bulk statements), yet classifies them the same', () => {
    const long = `SELECT '${'x'.repeat(10_000)}'; ROLLBACK`;
    expect(classify(long)).not.toBe(classify(long));
    expect(classify(long)).toMatchObject({ several: true, rollback: true });
  });
});
