import type { QueryRunner } from 'typeorm';
import type { DoctorCheck } from './doctor-report';

/**
 * Runs one data check behind a savepoint: when the database refuses it (typically a role without
 * SELECT on the table), the check is `skip` with the reason and the run goes on — PostgreSQL
 * would otherwise abort the whole transaction.
 *
 * @example
 * await guardedCheck(runner, 'notes', 'explain-index', () => explainIndexCheck(runner, catalog, 'notes'));
 */
export async function guardedCheck(runner: QueryRunner, table: string, check: DoctorCheck['check'], fn: () => Promise<DoctorCheck>): Promise<DoctorCheck> {
  await runner.query('SAVEPOINT doctor_check');
  try {
    const result = await fn();
    await runner.query('RELEASE SAVEPOINT doctor_check');
    return result;
  } catch (error) {
    await runner.query('ROLLBACK TO SAVEPOINT doctor_check');
    const reason = error instanceof Error ? error.message : String(error);
    return { table, check, status: 'skip', detail: `could not run (${reason}): the doctor's role needs SELECT on every tenant table` };
  }
}
