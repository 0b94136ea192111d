import { join } from 'node:path';
import type { LintReport } from '../../src/cli/lint';
import { listTables } from '../../src/dialect/catalog';
import { cliIn } from './cli-process';
import { CreateLintOrders1800000200000 } from './lint-fixtures/planted-migrations';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * `typeorm-tenancy lint` as a process, once (PostgreSQL server): `-d` loads the app's DataSource
 * file through ts-node; exit codes 0 (clean), 1 (a finding), 2 (usage).
 */
const ROOT = join(__dirname, '..', '..');
const FILE = 'test/cli/lint-fixtures/lint-data-source.ts';

describe('typeorm-tenancy lint: usage', () => {
  it.each([
    [['lint', '--large-rows', 'many'], /--large-rows needs a whole number of rows/],
    [['lint', '--bogus'], /unknown argument '--bogus'/],
  ])('%j exits 2 with the usage', async (args, message) => {
    const run = await cliIn(ROOT, args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
    expect(run.stderr).toMatch(/typeorm-tenancy lint \[-d <DataSource file>\] \[--url <database-url>\]/);
  });

  it('-d with --url, as for migrate: a file that connects elsewhere than --url is refused (exit 1), nothing runs', async () => {
    const saved = process.env.LINT_TARGET_URL;
    process.env.LINT_TARGET_URL = 'postgres://x@127.0.0.1:5432/another';
    const run = await cliIn(ROOT, ['lint', '-d', FILE, '--url', 'postgres://x@127.0.0.1:5432/not_this_one']).finally(() => {
      if (saved === undefined) delete process.env.LINT_TARGET_URL;
      else process.env.LINT_TARGET_URL = saved;
    });
    expect(run).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/connects to 127\.0\.0\.1:5432\/another, not to --url \(127\.0\.0\.1:5432\/not_this_one\)/) });
  });
});

describeEachDatabase('typeorm-tenancy lint as a process', { migrations: [CreateLintOrders1800000200000], extra: { migrationsTransactionMode: 'each' } }, (db, target) => {
  (target.name === 'postgres' ? it : it.skip)('exits 1 with a pending finding (JSON), 0 with nothing pending, and leaves the target as it was (PostgreSQL server only)', async () => {
    process.env.LINT_TARGET_URL = db().url;
    const tables = await listTables(db().dataSource);
    try {
      process.env.LINT_PLANTED = '1';
      const dirty = await cliIn(ROOT, ['lint', '-d', FILE, '--json']);
      expect(dirty.code).toBe(1);
      const report: LintReport = JSON.parse(dirty.stdout);
      expect(report.findings.map((f) => [f.migration, f.rule, f.status])).toEqual([['LintNoLockTimeout1800000200111', 'lock-timeout', 'fail']]);
      process.env.LINT_PLANTED = '0';
      const clean = await cliIn(ROOT, ['lint', '-d', FILE]);
      expect(clean).toMatchObject({ code: 0, stdout: expect.stringMatching(/no pending migrations[\s\S]*lint: 0 pending migrations, 0 findings, 0 waived\n$/) });
    } finally {
      delete process.env.LINT_TARGET_URL;
      delete process.env.LINT_PLANTED;
    }
    expect(await listTables(db().dataSource)).toEqual(tables);
  }, 120_000);
});
