import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { diffCatalogs, snapshotCatalog } from '../../src/cli/migrate/catalog-snapshot';
import { runMigrate } from '../../src/cli/migrate/migrate-command';
import { runRevert } from '../../src/cli/migrate/revert-command';
import { executedMigrationNames } from '../../src/cli/migrate/run-migrations';
import type { RecordedStatement } from '../../src/cli/migrate/statement-recorder';
import { dialectOf } from '../../src/dialect/dialect-of';
import { ALLOW_DROP_WITH_ROWS_ENV, CreateTenantIsolation0099, CreateTenants0100, dropTable } from '../../src/migrations';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * `revert --steps N | --to <name>` and the dry run of a migration that must run outside a
 * transaction, on a small schema (the bundled `tenants` migrations and three of the test's own):
 * a table, an index built online (`transaction = false`: PostgreSQL CONCURRENTLY), another table.
 */

const isPostgres = (qr: QueryRunner) => qr.connection.driver.options.type === 'postgres';

class HmCreateNotes1800000000001 implements MigrationInterface {
  name = 'HmCreateNotes1800000000001';
  async up(qr: QueryRunner) {
    await qr.query('CREATE TABLE hm_notes (id int NOT NULL PRIMARY KEY, v varchar(40) NULL)');
  }
  async down(qr: QueryRunner) {
    await dropTable(qr, 'hm_notes');
  }
}

class HmIndexNotesOnline1800000000002 implements MigrationInterface {
  name = 'HmIndexNotesOnline1800000000002';
  transaction = false as const;
  async up(qr: QueryRunner) {
    await qr.query(dialectOf(qr.connection).onlineIndex('CREATE INDEX idx_hm_notes_v ON hm_notes (v)'));
  }
  async down(qr: QueryRunner) {
    await qr.query(isPostgres(qr) ? 'DROP INDEX CONCURRENTLY idx_hm_notes_v' : 'DROP INDEX idx_hm_notes_v ON hm_notes');
  }
}

class HmCreateTags1800000000003 implements MigrationInterface {
  name = 'HmCreateTags1800000000003';
  async up(qr: QueryRunner) {
    await qr.query('CREATE TABLE hm_tags (id int NOT NULL PRIMARY KEY)');
  }
  async down(qr: QueryRunner) {
    await dropTable(qr, 'hm_tags');
  }
}

const migrations = [HmCreateNotes1800000000001, HmIndexNotesOnline1800000000002, HmCreateTags1800000000003];
const [tenancy, tenants] = [new CreateTenantIsolation0099().name!, new CreateTenants0100().name!];

function capture() {
  const chunks: string[] = [];
  const errors: string[] = [];
  return { out: { write: (t: string) => void chunks.push(t) }, error: (t: string) => void errors.push(t), text: () => chunks.join(''), errors: () => errors.join('') };
}

const sent = (statements: RecordedStatement[] | undefined) => (statements ?? []).map(({ sql, parameters }) => ({ sql, parameters }));

describeEachDatabase('typeorm-tenancy revert', { migrate: false, migrations }, (db, target) => {
  let ds: DataSource;
  beforeAll(() => {
    ds = db().dataSource;
  });

  it('a dry run records the transaction = false migration without running it, and the real run sends the same SQL', async () => {
    const before = await snapshotCatalog(ds);
    const dry = (await runMigrate(ds, { dryRun: true }, capture().out)).dryRun!;
    expect(diffCatalogs(before, await snapshotCatalog(ds))).toEqual([]);
    const online = dry.migrations.find((m) => m.name === 'HmIndexNotesOnline1800000000002')!;
    expect([online.transaction, online.how]).toEqual([false, 'recorded']);
    expect(online.statements).toEqual([
      { sql: target.family === 'postgres' ? 'CREATE INDEX CONCURRENTLY idx_hm_notes_v ON hm_notes (v)' : 'CREATE INDEX idx_hm_notes_v ON hm_notes (v) ALGORITHM=INPLACE LOCK=NONE', ran: false },
    ]);
    expect(dry.migrations.find((m) => m.name === 'HmCreateNotes1800000000001')!.how).toBe(target.family === 'postgres' ? 'rolled-back' : 'recorded');

    const real = await runMigrate(ds, { record: true }, capture().out);
    expect(real.result!.failed).toBeUndefined();
    expect(real.result!.migrations.map((m) => [m.name, sent(m.statements)])).toEqual(dry.migrations.map((m) => [m.name, sent(m.statements)]));
  }, 120_000);

  it('--steps 1 reverts the last one; --to X reverts those after X, which stays (the online index without a transaction)', async () => {
    const { out, text } = capture();
    expect((await runRevert(ds, { steps: 1 }, out)).exitCode).toBe(0);
    expect(text()).toMatch(/^reverted  HmCreateTags1800000000003 +\d[\d.]* ms  rss /m);
    const to = await runRevert(ds, { to: 'HmCreateNotes1800000000001' }, capture().out);
    expect([to.exitCode, to.selected]).toEqual([0, ['HmIndexNotesOnline1800000000002']]);
    expect(await executedMigrationNames(ds)).toEqual(['HmCreateNotes1800000000001', tenants, tenancy]);
    expect((await snapshotCatalog(ds)).indexes.filter((i) => i.table === 'hm_notes').map((i) => i.name)).not.toContain('idx_hm_notes_v');
  }, 120_000);

  it('refuses, exit 2 and nothing reverted: N larger than executed, an unknown or pending name, neither or both flags', async () => {
    for (const request of [{ steps: 4 }, { steps: '0' }, { to: 'Nope1800000000009' }, { to: 'HmCreateTags1800000000003' }, {}, { steps: 1, to: tenants }]) {
      const { out, error, text, errors } = capture();
      const outcome = await runRevert(ds, { ...request, error }, out);
      expect([request, outcome.exitCode, text()]).toEqual([request, 2, '']);
      expect(errors()).toMatch(/^typeorm-tenancy revert: .*; nothing was reverted\n$/);
    }
    expect(await executedMigrationNames(ds)).toEqual(['HmCreateNotes1800000000001', tenants, tenancy]);
  }, 120_000);

  it("a bundled revert refusing a table with rows: TABLE_HOLDS_ROWS's message, exit 1, the ones before it stay reverted", async () => {
    expect(process.env[ALLOW_DROP_WITH_ROWS_ENV] ?? '').toBe('');
    const p = (i: number) => ds.driver.createParameter(`p${i}`, i);
    await ds.query(`INSERT INTO tenants (id, name, slug) VALUES (${p(0)}, ${p(1)}, ${p(2)})`, [uuidv7(), 'Keep', 'keep']);
    const { out, text } = capture();
    const outcome = await runRevert(ds, { to: tenancy }, out);
    expect(outcome.exitCode).toBe(1);
    expect(text()).toMatch(/^reverted  HmCreateNotes1800000000001 /m);
    expect(text()).toContain(`FAILED to revert ${tenants}: TABLE_HOLDS_ROWS: Refused to drop table tenants: it holds 1 row`);
    expect(text()).toContain(`${ALLOW_DROP_WITH_ROWS_ENV}=1`);
    expect(await executedMigrationNames(ds)).toEqual([tenants, tenancy]);
    expect(Number((await ds.query('SELECT COUNT(*) AS n FROM tenants'))[0].n)).toBe(1);
  }, 120_000);
});
