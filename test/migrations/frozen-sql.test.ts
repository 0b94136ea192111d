import { existsSync, readFileSync } from 'node:fs';
import { bundledMigrations } from '../../src/migrations';
import {
  FROZEN_SQL_MESSAGE,
  FROZEN_SQL_SCRATCH,
  frozenSqlDifference,
  frozenSqlPath,
  parameterDigest,
  recordBundledMigrations,
  renderFrozenSql,
  type MigrationSql,
} from '../support/frozen-sql';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * Shipped migrations are frozen: the SQL every bundled migration's up() and down() sends on each
 * target must equal the committed snapshot (test/migrations/frozen-sql/<target>.sql). From the first
 * release on a schema change is a new migration; before it, `npm run snapshots:sql` regenerates.
 */
describeEachDatabase('frozen SQL of the bundled migrations', FROZEN_SQL_SCRATCH, (db) => {
  let records: MigrationSql[];

  beforeAll(async () => {
    records = await recordBundledMigrations(db());
  }, 120_000);

  it('every bundled migration sends the SQL of the committed snapshot, up and down', () => {
    const target = db().target.name;
    const path = frozenSqlPath(target);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    const difference = frozenSqlDifference(target, committed, renderFrozenSql(target, records));
    if (difference) throw new Error(difference);
  });

  it('records each migration once up (in order) and once down (in reverse)', () => {
    const names = bundledMigrations.map((m) => new m().name!);
    expect(records.filter((r) => r.direction === 'up').map((r) => r.name)).toEqual(names);
    expect(records.filter((r) => r.direction === 'down').map((r) => r.name)).toEqual([...names].reverse());
    expect(records.filter((r) => r.direction === 'down').every((r) => r.statements.length > 0 || r.name.includes('TenantIsolation'))).toBe(true);
  });
});

describe('frozen SQL comparison', () => {
  const records: MigrationSql[] = [
    { name: 'Phase0001CreateA1767225601000', direction: 'up', statements: ['CREATE TABLE "a" (\n  "id" uuid NOT NULL\n)', 'CREATE INDEX "i" ON "a" ("id")'] },
    { name: 'Phase0002CreateB1767225602000', direction: 'up', statements: [] },
    { name: 'Phase0002CreateB1767225602000', direction: 'down', statements: [] },
    { name: 'Phase0001CreateA1767225601000', direction: 'down', statements: ['DROP TABLE "a"'] },
  ];
  const committed = renderFrozenSql('postgres', records);

  it('accepts identical SQL', () => {
    expect(frozenSqlDifference('postgres', committed, renderFrozenSql('postgres', records))).toBeUndefined();
  });

  it('names the migration and the first differing statement, and says how to proceed', () => {
    const changed = records.map((r, i) => (i === 0 ? { ...r, statements: [r.statements[0], 'CREATE INDEX "i" ON "a" ("id", "x")'] } : r));
    const message = frozenSqlDifference('postgres', committed, renderFrozenSql('postgres', changed))!;
    expect(message).toContain('Phase0001CreateA1767225601000 up: the SQL differs from test/migrations/frozen-sql/postgres.sql at statement 2');
    expect(message).toContain('snapshot: CREATE INDEX "i" ON "a" ("id")');
    expect(message).toContain('emitted:  CREATE INDEX "i" ON "a" ("id", "x")');
    expect(message).toContain(FROZEN_SQL_MESSAGE);
    expect(FROZEN_SQL_MESSAGE).toBe(
      'Bundled migrations are frozen: a schema change is a new migration. Before the first release only, regenerate with `npm run snapshots:sql`.',
    );
  });

  it('reports a new migration, a missing one and a missing snapshot', () => {
    const added = [...records.slice(0, 2), { name: 'Phase0003CreateC1767225603000', direction: 'up' as const, statements: ['CREATE TABLE "c" ()'] }, ...records.slice(2)];
    expect(frozenSqlDifference('postgres', committed, renderFrozenSql('postgres', added))).toMatch(/^Phase0003CreateC1767225603000 up: not in /);
    expect(frozenSqlDifference('postgres', committed, renderFrozenSql('postgres', records.slice(1, 3)))).toMatch(/^Phase0001CreateA1767225601000 up: in .* no longer emitted/);
    expect(frozenSqlDifference('mysql', undefined, committed)).toContain('test/migrations/frozen-sql/mysql.sql is missing');
  });

  it('digests parameters stably: generated UUIDv7 ids do not count, every other value does', () => {
    const a = parameterDigest(['0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', 'CH', 'Switzerland']);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(parameterDigest(['0193ffff-0000-7000-b000-000000000001', 'CH', 'Switzerland'])).toBe(a);
    expect(parameterDigest(['0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', 'CH', 'Schweiz'])).not.toBe(a);
    const scratchName = (t: string) => t.split('tt_0a1b2c3d4e5f').join('<database>');
    expect(parameterDigest(['tt_0a1b2c3d4e5f', 'countries'], scratchName)).toBe(parameterDigest(['<database>', 'countries']));
  });
});
