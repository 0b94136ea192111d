import type { MigrationInterface } from 'typeorm';
import { declarationsOf, type RawFinding } from './lint-context';
import { LINT_RULES, type LintFinding } from './lint-report';
import { migrationNameOf } from './record-migrations';

const UNWAIVABLE = new Set(['waiver', 'migration-failed']);

/**
 * Applies each pending migration's `static lintWaivers` to its findings: a waiver of a known rule
 * with a non-empty reason turns that rule's findings into `waived` (with the reason); a waiver
 * without a reason, or of a rule that does not exist or cannot be waived, is a `waiver` finding
 * itself and waives nothing.
 *
 * @example
 * applyWaivers(pending, raw).filter((f) => f.status === 'waived');
 */
export function applyWaivers(pending: readonly MigrationInterface[], raw: readonly RawFinding[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const valid = new Map<string, Map<string, string>>();
  for (const migration of pending) {
    const name = migrationNameOf(migration);
    const waivers: Record<string, unknown> = { ...(declarationsOf(migration).lintWaivers ?? {}) };
    const reasons = new Map<string, string>();
    for (const [rule, reason] of Object.entries(waivers)) {
      if (!Object.hasOwn(LINT_RULES, rule) || UNWAIVABLE.has(rule)) {
        findings.push({ migration: name, rule: 'waiver', table: null, status: 'fail', detail: `lintWaivers names '${rule}', which is not a rule that can be waived (see LINT_RULES)` });
      } else if (typeof reason !== 'string' || reason.trim() === '') {
        findings.push({ migration: name, rule: 'waiver', table: null, status: 'fail', detail: `the waiver of ${rule} gives no reason, so it waives nothing: say why the finding is acceptable here` });
      } else {
        reasons.set(rule, reason.trim());
      }
    }
    valid.set(name, reasons);
  }
  for (const finding of raw) {
    const reason = valid.get(finding.migration)?.get(finding.rule);
    findings.push(reason ? { ...finding, status: 'waived', reason } : { ...finding, status: 'fail' });
  }
  return findings;
}
