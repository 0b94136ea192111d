import { LINT_RULES, type LintReport } from './lint-report';

/**
 * Options of {@link renderLintReport}.
 *
 * @example
 * const options: LintRenderOptions = { colour: Boolean(process.stdout.isTTY) };
 */
export interface LintRenderOptions {
  /** ANSI colours (green ok, red FAIL, yellow waived and skipped). Only when writing to a terminal. */
  colour?: boolean;
}

const ANSI = { ok: '32', fail: '31', waived: '33', dim: '2', bold: '1' } as const;

/**
 * The report for people, like the doctor's: a heading, one line per pending migration (`ok` or
 * `FAIL`) with its findings under it (rule id, table, detail, the statement), skipped rules, and a
 * last summary line. Plain text unless `colour`.
 *
 * @example
 * process.stdout.write(renderLintReport(report, { colour: process.stdout.isTTY }));
 * // lint: 3 pending migrations, 1 finding (blocking-index), 0 waived
 */
export function renderLintReport(report: LintReport, options: LintRenderOptions = {}): string {
  const paint = (style: keyof typeof ANSI, text: string) => (options.colour ? `\x1b[${ANSI[style]}m${text}\x1b[0m` : text);
  const where = report.scratch ? `, scratch database ${report.scratch.database}${report.scratch.citus ? ' (Citus, on every node)' : ''}` : '';
  const lines = [paint('bold', `typeorm-tenancy lint: ${report.dialect}, database ${report.database}${where}`), ''];
  const names = [...new Set([...report.migrations.map((m) => m.name), ...report.findings.map((f) => f.migration)])];
  if (names.length === 0) lines.push('  no pending migrations');
  const width = Math.max(0, ...report.findings.map((f) => f.rule.length));
  for (const name of names) {
    const own = report.findings.filter((f) => f.migration === name);
    const failed = own.some((f) => f.status === 'fail');
    const statements = report.migrations.find((m) => m.name === name)?.statements;
    lines.push(`  ${failed ? paint('fail', 'FAIL') : paint('ok', 'ok  ')}  ${name}${statements === undefined ? '' : paint('dim', ` (${statements} statement${statements === 1 ? '' : 's'})`)}`);
    for (const f of own) {
      const word = f.status === 'fail' ? paint('fail', 'fail  ') : paint('waived', 'waived');
      lines.push(`        ${word}  ${f.rule.padEnd(width)}  ${f.table ? `${f.table}: ` : ''}${f.detail}`);
      if (f.reason) lines.push(paint('dim', `                ${''.padEnd(width)}  waived because: ${f.reason}`));
      if (f.statement) lines.push(paint('dim', `                ${''.padEnd(width)}  ${f.statement}`));
    }
  }
  for (const s of report.skipped) lines.push(`  ${paint('waived', 'skip')}  ${s.rule}: ${s.reason}`);
  if (report.unreplayed.length) lines.push(`  note  executed on the target but not in the DataSource, not replayed: ${report.unreplayed.join(', ')}`);
  lines.push('', paint('dim', `Rules: ${Object.entries(LINT_RULES).map(([id, text]) => `${id} = ${text}`).join('; ')}. See docs/lint.md.`), '', renderLintSummary(report));
  return `${lines.join('\n')}\n`;
}

/**
 * The last line of the report: counts, and the failing rules.
 *
 * @example
 * renderLintSummary(report); // 'lint: 2 pending migrations, 1 finding (lock-timeout), 1 waived'
 */
export function renderLintSummary(report: LintReport): string {
  const { migrations, failed, waived } = report.summary;
  const rules = [...new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.rule))];
  return `lint: ${migrations} pending migration${migrations === 1 ? '' : 's'}, ${failed} finding${failed === 1 ? '' : 's'}${rules.length ? ` (${rules.join(', ')})` : ''}, ${waived} waived`;
}
