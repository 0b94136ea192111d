import { runDoctor } from '../../src/cli/doctor/run-doctor';
import { CreateTestTables1800000000000, Note, Notebook } from '../support/fixtures';
import { describeEachDatabase } from '../support/scratch-database';

/** Without Citus the doctor's Citus checks do not appear at all (every target). */
describeEachDatabase('doctor without Citus', { entities: [Note, Notebook], migrations: [CreateTestTables1800000000000] }, (db) => {
  it('reports no citus-* check', async () => {
    const report = await runDoctor(db().dataSource);
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.filter((c) => c.check.startsWith('citus-'))).toEqual([]);
  });
});
