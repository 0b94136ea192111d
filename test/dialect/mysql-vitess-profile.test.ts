import { TenancySetupError } from '../../src/errors';
import { mariadbDialect, mariadbVitessDialect, mysqlDialect, mysqlVitessDialect, vitessProfileOf } from '../../src/dialect/mysql-dialect';
import { MYSQL_PROFILE_ENV, mysqlProfile } from '../../src/dialect/mysql-profile';
import { postgresDialect } from '../../src/dialect/postgres-dialect';
import { bundledTableDefinitions } from '../../src/cli/doctor/run-doctor';
import { shapeOf } from '../../src/schema/table-shape';

describe('mysqlProfile (TYPEORM_TENANCY_MYSQL_PROFILE)', () => {
  it.each([
    [undefined, 'default'],
    ['', 'default'],
    ['default', 'default'],
    ['vitess', 'vitess'],
    [' Vitess ', 'vitess'],
  ])('%j → %s', (value, profile) => {
    expect(mysqlProfile(value === undefined ? {} : { [MYSQL_PROFILE_ENV]: value })).toBe(profile);
  });

  it('refuses any other value (a typo must not migrate the single-server schema onto Vitess)', () => {
    expect(() => mysqlProfile({ [MYSQL_PROFILE_ENV]: 'vitesse' })).toThrow(TenancySetupError);
    expect(() => mysqlProfile({ [MYSQL_PROFILE_ENV]: 'vitesse' })).toThrow(/TYPEORM_TENANCY_MYSQL_PROFILE="vitesse".*"vitess"/);
  });

  it('is for the MySQL family only', () => {
    expect(() => vitessProfileOf(postgresDialect)).toThrow(TypeError);
  });
});

describe.each([
  ['mysql', mysqlDialect, mysqlVitessDialect],
  ['mariadb', mariadbDialect, mariadbVitessDialect],
])('the Vitess profile of the bundled schema [%s]', (_name, single, vitess) => {
  const shapes = bundledTableDefinitions.map((def) => [shapeOf(def, single), shapeOf(def, vitess)] as const);

  // 212 triggers: INSERT and UPDATE for 106 optional references (26 declared ones, the 52 the issue
  // counted, and the 80 created_by/updated_by actor references, which got theirs later).
  it('the single-server schema has the 176 foreign keys and 212 triggers the profile leaves out', () => {
    expect(shapes.reduce((n, [s]) => n + s.foreignKeys.length, 0)).toBe(176);
    expect(shapes.reduce((n, [s]) => n + s.triggers.length, 0)).toBe(212);
    expect(shapes.every(([s]) => s.unenforcedKeys === undefined)).toBe(true);
  });

  it('the profile has no foreign key and no trigger on any bundled table, and keeps every key as unenforcedKeys', () => {
    for (const [s, v] of shapes) {
      expect([v.name, v.foreignKeys, v.triggers]).toEqual([s.name, [], []]);
      expect(v.unenforcedKeys).toEqual(s.foreignKeys);
    }
  });

  it('everything else is the same: columns, primary key, unique constraints, checks, indexes', () => {
    for (const [s, v] of shapes) {
      const { foreignKeys: _f, triggers: _t, unenforcedKeys: _u, ...rest } = v;
      const { foreignKeys: _sf, triggers: _st, ...same } = s;
      expect(rest).toEqual(same);
    }
  });

  it('tenant tables keep PK(id) and UNIQUE(tenant_id, id): sharded by tenant_id through the vschema, not through the keys', () => {
    for (const [, v] of shapes.filter(([s]) => s.kind === 'tenant')) {
      expect(v.primaryKey).toEqual(['id']);
      expect(v.uniqueConstraints).toContainEqual({ name: `uq_${v.name}_tenant_id_id`, columns: ['tenant_id', 'id'] });
    }
  });
});
