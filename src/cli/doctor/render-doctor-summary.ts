import type { DoctorReport } from './doctor-report';

/**
 * One line of counts, plus a second naming the failed checks when there are any; what `npm start`
 * and the doctor print last.
 *
 * @example
 * renderDoctorSummary(report);
 * // 'doctor: 41 tables, 282 checks: 281 passed, 0 failed, 1 skipped'
 */
export function renderDoctorSummary(report: DoctorReport): string {
  const { tables, checks, passed, failed, skipped } = report.summary;
  const counts = `doctor: ${tables} table${tables === 1 ? '' : 's'}, ${checks} checks: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  if (report.ok) return counts;
  const failing = new Map<string, number>();
  for (const c of report.checks) if (c.status === 'fail') failing.set(c.check, (failing.get(c.check) ?? 0) + 1);
  const names = [...failing].map(([check, n]) => (n > 1 ? `${check} (${n} tables)` : check)).join(', ');
  return `${counts}\ndoctor: FAILED ${names} (details: typeorm-tenancy doctor; docs/doctor.md)`;
}
