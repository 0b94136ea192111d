import { boundSettings, needsNoSettings, NO_SETTINGS, textSettings } from '../../../src/dialect/postgres-session/statement-settings';

// The exact SQL the session puts in front of statements: a silent change of shape must show up here.
const T = '01936f7a-1d2c-7a3b-8c4d-5e6f7a8b9c0d';

describe('statement settings', () => {
  it('bound: one set_config statement, the key only as a bound value', () => {
    expect(boundSettings({ role: 'tenancy_tenant', tenant: T, key: '' })).toEqual({
      text: `SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.tenant_system_key', $3, true)`,
      values: ['tenancy_tenant', T, ''],
    });
    expect(boundSettings({ role: 'tenancy_system', tenant: '', key: 'k'.repeat(32) }).values).toEqual(['tenancy_system', '', 'k'.repeat(32)]);
    expect(boundSettings(NO_SETTINGS)).toEqual({
      text: `SELECT set_config('app.tenant_id', $1, true), set_config('app.tenant_system_key', $2, true)`,
      values: ['', ''],
    });
  });

  it('text: SET LOCAL statements for a tenant or nobody, never with a key', () => {
    expect(textSettings({ role: 'tenancy_tenant', tenant: T, key: '' })).toEqual({
      text: `SET LOCAL role TO tenancy_tenant; SET LOCAL app.tenant_id TO '${T}'; SET LOCAL app.tenant_system_key TO ''; `,
      statements: 3,
    });
    expect(textSettings(NO_SETTINGS)).toEqual({ text: `SET LOCAL app.tenant_id TO ''; SET LOCAL app.tenant_system_key TO ''; `, statements: 2 });
    expect(textSettings({ role: 'tenancy_system', tenant: '', key: 'secret'.repeat(6) })).toBeNull();
    expect(() => textSettings({ role: 'tenancy_tenant', tenant: `x'; RESET role; --`, key: '' })).toThrow(TypeError);
  });

  it('only single statements that read no rows go without settings', () => {
    for (const sql of ['BEGIN', 'START TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', 'COMMIT;', 'ROLLBACK TO SAVEPOINT s', 'RELEASE SAVEPOINT s', 'DISCARD ALL', 'DEALLOCATE ALL', 'VACUUM notes', 'CREATE INDEX CONCURRENTLY i ON t (a)', 'REINDEX INDEX CONCURRENTLY i']) {
      expect([sql, needsNoSettings(sql)]).toEqual([sql, true]);
    }
    for (const sql of ['COMMIT; SELECT * FROM notes', 'BEGIN; SELECT 1', '/* x */ COMMIT', 'SELECT 1', 'SAVEPOINT s; SELECT * FROM notes', 'CREATE INDEX i ON t (a)', "END; DELETE FROM notes WHERE x = ';'"]) {
      expect([sql, needsNoSettings(sql)]).toEqual([sql, false]);
    }
  });
});
