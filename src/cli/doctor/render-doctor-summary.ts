import type { DoctorReport } from './doctor-report';

/**
 * One line of counts (warnings, which never fail the run, at its end with the checks that warned),
 * plus a second naming the failed checks when there are any; what `npm start` and the doctor print last.
 *
 * @example
 * renderDoctorSummary(report);
 * // 'doctor: 41 tables, 282 checks: 280 passed, 0 failed, 1 skipped, 1 warning (redundant-indexes)'
 */
export function renderDoctorSummary(report: DoctorReport): string {
  const { tables, checks, passed, failed, skipped } = report.summary;
  // Reports of older versions (JSON saved before `warn` existed) have no `warned`.
  const warned = report.summary.warned ?? 0;
  const warning = [...new Set(report.checks.filter((c) => c.status === 'warn').map((c) => c.check))].join(', ');
  const counts =
    `doctor: ${tables} table${tables === 1 ? '' : 's'}, ${checks} checks: ${passed} passed, ${failed} failed, ${skipped} skipped` +
    (warned ? `, ${warned} warning${warned === 1 ? '' : 's'} (${warning})` : '');
  if (report.ok) return counts;
  const failing = new Map<string, number>();
  for (const c of report.checks) if (c.status === 'fail') failing.set(c.check, (failing.get(c.check) ?? 0) + 1);
  const names = [...failing].map(([check, n]) => (n > 1 ? `${check} (${n} tables)` : check)).join(', ');
  return `${counts}\ndoctor: FAILED ${names} (details: typeorm-tenancy doctor; docs/doctor.md)`;
}
