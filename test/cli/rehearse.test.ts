import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { runMigrate } from '../../src/cli/migrate/migrate-command';
import { runRehearse } from '../../src/cli/migrate/rehearse';
import { executedMigrationNames } from '../../src/cli/migrate/run-migrations';
import { createTenantTable, dropTable } from '../../src/migrations';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * `rehearse` catches a `down()` that does not undo its `up()`: the planted migration adds a column
 * and an index to an existing table and its `down()` drops only the index. (It passes on the
 * bundled schema: migrate.test.ts.) It also refuses a database that holds data, unless forced.
 */

class HmCreateNotes1800000000101 implements MigrationInterface {
  name = 'HmCreateNotes1800000000101';
  async up(qr: QueryRunner) {
    // A tenant table as the library builds it, so the doctor's phases pass.
    await createTenantTable(qr, { name: 'hm_notes', comment: 'rehearse test notes', columns: [{ name: 'title', type: 'varchar(100)', nullable: true }] });
  }
  async down(qr: QueryRunner) {
    await dropTable(qr, 'hm_notes');
  }
}

/** The planted mistake: down() forgets the column. */
class HmPinNotes1800000000102 implements MigrationInterface {
  name = 'HmPinNotes1800000000102';
  async up(qr: QueryRunner) {
    await qr.query('ALTER TABLE hm_notes ADD COLUMN pinned int NULL');
    await qr.query('CREATE INDEX idx_hm_notes_pinned ON hm_notes (tenant_id, pinned)');
  }
  async down(qr: QueryRunner) {
    await qr.query(qr.connection.driver.options.type === 'postgres' ? 'DROP INDEX idx_hm_notes_pinned' : 'DROP INDEX idx_hm_notes_pinned ON hm_notes');
  }
}

function capture() {
  const chunks: string[] = [];
  return { out: { write: (t: string) => void chunks.push(t) }, text: () => chunks.join('') };
}

describeEachDatabase('typeorm-tenancy rehearse', { migrate: false, migrations: [HmCreateNotes1800000000101] }, (db) => {
  let planted: DataSource;
  beforeAll(async () => {
    expect((await runMigrate(db().dataSource, {}, capture().out)).exitCode).toBe(0);
    planted = await db().open({ migrations: [HmCreateNotes1800000000101, HmPinNotes1800000000102] });
  });

  it('fails in phase catalog on a down() that leaves a column behind, naming it', async () => {
    const { out, text } = capture();
    const outcome = await runRehearse(planted, {}, out);
    expect(outcome.migrations).toEqual(['HmPinNotes1800000000102']);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.failed!.phase).toBe('catalog');
    expect(outcome.failed!.details).toEqual([expect.stringMatching(/^column hm_notes\.pinned: only in the catalog after the revert/)]);
    expect(text()).toMatch(/^rehearse \[2\/7\] up: total: 1 migration applied in /m);
    expect(text()).toMatch(/^rehearse \[4\/7\] revert: total: 1 migration reverted in /m);
    expect(text()).toMatch(/^rehearse \[5\/7\] catalog: FAILED: the revert did not restore the starting catalog \(1 difference\); a down\(\) is incomplete$/m);
    expect(text()).toMatch(/\nrehearse: FAILED in phase catalog\n$/);
  }, 120_000);

  it('refuses a database whose tables hold rows; --force goes on (and here the up fails, the column is still there)', async () => {
    const p = (i: number) => planted.driver.createParameter(`p${i}`, i);
    await planted.query(`INSERT INTO tenants (id, name, slug) VALUES (${p(0)}, ${p(1)}, ${p(2)})`, [uuidv7(), 'Keep', 'keep']);
    const refused = capture();
    const outcome = await runRehearse(planted, {}, refused.out);
    expect([outcome.exitCode, outcome.failed]).toEqual([1, { phase: 'data', details: ['tenants: 1 row'] }]);
    expect(refused.text()).toMatch(/^rehearse \[1\/7\] data: FAILED: the database holds data; .*--force/m);
    expect(await executedMigrationNames(planted)).not.toContain('HmPinNotes1800000000102');

    const forced = capture();
    const again = await runRehearse(planted, { force: true }, forced.out);
    expect(forced.text()).toContain('rehearse [1/7] data: tables hold rows (tenants: 1 row), going on (--force)');
    expect([again.exitCode, again.failed?.phase]).toEqual([1, 'up']);
    expect(again.failed!.details[0]).toMatch(/^FAILED to apply HmPinNotes1800000000102: /);
  }, 120_000);
});
