import { blockingFindings } from '../../src/cli/lint/blocking-rules';
import type { LintContext } from '../../src/cli/lint/lint-context';
import type { RecordedMigration } from '../../src/cli/lint/record-migrations';
import type { DoctorCatalog } from '../../src/cli/doctor/doctor-catalog';
import { postgresDdlStatements } from '../../src/dialect/postgres-ddl-statements';

/**
 * The blocking-DDL rules on given statements and a given target (pure: the database side is
 * proven in lint.test.ts): what "large" and "a lock timeout in effect" mean.
 */

const migration = (...sql: Array<string | [string, unknown[]]>): RecordedMigration => ({
  name: 'M1800000000001',
  instance: {} as RecordedMigration['instance'],
  statements: sql.map((s) => (typeof s === 'string' ? { sql: s, parameters: [], ran: true } : { sql: s[0], parameters: s[1], ran: true })),
  after: { tables: new Set(), indexes: new Set(), foreignKeys: new Set() },
});

function context(rows: number | null, lockTimeoutMs = 0, largeTableRows = 1000): LintContext {
  return {
    tenantColumn: 'tenant_id',
    tenantTable: 'tenants',
    target: { tables: new Set(['orders']), columns: [], indexes: new Set(), foreignKeys: new Set(), rows: new Map([['orders', rows]]), lockTimeoutMs },
    final: { columns: [] } as unknown as DoctorCatalog,
    citus: null,
    run: { migrations: [] },
    globalTables: new Set(),
    ignoredTables: new Set(),
    largeTableRows,
    reader: postgresDdlStatements,
  };
}

const rules = (c: LintContext, m: RecordedMigration) => blockingFindings(c, m).map((f) => f.rule);
const ADD = 'ALTER TABLE orders ADD p int NOT NULL';
const timed = (ms: string, ...sql: string[]): Array<string | [string, unknown[]]> => [['SELECT set_config($1, $2, $3)', ['lock_timeout', ms, true]], ...sql];

describe('lint blocking-DDL rules', () => {
  it('not-null-column: above the large-table threshold or of unknown size, not at or below it', () => {
    expect(rules(context(1001), migration(...timed('2s', ADD)))).toEqual(['not-null-column']);
    expect(rules(context(null), migration(...timed('2s', ADD)))).toEqual(['not-null-column']);
    expect(rules(context(1000), migration(...timed('2s', ADD)))).toEqual([]);
    expect(rules(context(5, 0, 0), migration(...timed('2s', ADD)))).toEqual(['not-null-column']);
  });

  it('lock-timeout: a timeout set before the statement counts, one restored to 0 or over 60 s does not, nor one set after', () => {
    const plain = 'ALTER TABLE orders ADD note text NULL';
    expect(rules(context(0), migration(...timed('2s', plain)))).toEqual([]);
    expect(rules(context(0), migration(...timed('2s'), ...timed('0', plain)))).toEqual(['lock-timeout']);
    expect(rules(context(0), migration(...timed('2min', plain)))).toEqual(['lock-timeout']);
    expect(rules(context(0), migration(plain, ...timed('2s')))).toEqual(['lock-timeout']);
    expect(rules(context(0), migration("SET lock_timeout = '5s'", plain))).toEqual([]);
  });

  it('lock-timeout: the session lock timeout the target connects with counts from the start', () => {
    expect(rules(context(0, 3000), migration('ALTER TABLE orders ADD note text NULL'))).toEqual([]);
  });

  it('only tables that existed before: a new table is never blocking', () => {
    expect(rules(context(10_000), migration('CREATE INDEX i ON fresh (a)', 'ALTER TABLE fresh ADD p int NOT NULL'))).toEqual([]);
  });

  it('reports a strong lock once per table and migration, each blocking index on its own', () => {
    const findings = blockingFindings(context(0), migration('CREATE INDEX a ON orders (x)', 'CREATE INDEX b ON orders (y)'));
    expect(findings.map((f) => f.rule)).toEqual(['blocking-index', 'lock-timeout', 'blocking-index']);
    expect(findings[1].statement).toBe('CREATE INDEX a ON orders (x)');
  });
});
