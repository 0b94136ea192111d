import type { MigrationInterface, QueryRunner } from 'typeorm';
import { diffCatalogs, snapshotCatalog } from '../../src/cli/migrate/catalog-snapshot';
import { runMigrate } from '../../src/cli/migrate/migrate-command';
import { executedMigrationNames } from '../../src/cli/migrate/run-migrations';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * A dry run stays a dry run when a migration ends its transaction by itself (commits half way,
 * then starts another): PostgreSQL's dry run refuses to send that COMMIT, which would make
 * everything before it permanent, and stops there; the MySQL family never sends a write anyway.
 */

class HmCommitsHalfWay1800000000401 implements MigrationInterface {
  name = 'HmCommitsHalfWay1800000000401';
  async up(qr: QueryRunner) {
    await qr.query('CREATE TABLE hm_first (id int NOT NULL PRIMARY KEY)');
    await qr.commitTransaction();
    await qr.startTransaction();
    await qr.query('CREATE TABLE hm_second (id int NOT NULL PRIMARY KEY)');
  }
  async down(qr: QueryRunner) {
    await qr.query('DROP TABLE hm_second');
    await qr.query('DROP TABLE hm_first');
  }
}

function capture() {
  const chunks: string[] = [];
  return { out: { write: (t: string) => void chunks.push(t) }, text: () => chunks.join('') };
}

describeEachDatabase('typeorm-tenancy migrate --dry-run', { migrate: false, migrations: [HmCommitsHalfWay1800000000401] }, (db, target) => {
  it('never commits: a migration that commits by itself leaves the catalog identical', async () => {
    const ds = db().dataSource;
    const before = await snapshotCatalog(ds);
    const { out, text } = capture();
    const outcome = await runMigrate(ds, { dryRun: true }, out);
    expect(diffCatalogs(before, await snapshotCatalog(ds))).toEqual([]);
    expect(await executedMigrationNames(ds)).toEqual([]);
    const entry = outcome.dryRun!.migrations.find((m) => m.name === 'HmCommitsHalfWay1800000000401')!;
    if (target.family === 'postgres') {
      expect(outcome.exitCode).toBe(1);
      expect(text()).toContain('-- FAILED here: the migration ends the transaction itself (COMMIT)');
      expect(text()).toMatch(/dry run: stopped at HmCommitsHalfWay1800000000401; nothing was changed\n$/);
    } else {
      expect(outcome.exitCode).toBe(0);
      expect(entry.statements.map((s) => [s.sql.split(' (')[0], s.ran])).toEqual([
        ['CREATE TABLE hm_first', false],
        ['COMMIT', false],
        ['START TRANSACTION', false],
        ['CREATE TABLE hm_second', false],
      ]);
    }
  }, 120_000);
});
