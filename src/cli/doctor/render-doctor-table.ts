import { DOCTOR_CHECKS, type DoctorCheck, type DoctorCheckId, type DoctorReport, type DoctorStatus } from './doctor-report';

/** Options of {@link renderDoctorTable}. */
export interface DoctorRenderOptions {
  /** ANSI colours (green pass, red fail, magenta warn, yellow skip). Use them only when writing to a terminal. */
  colour?: boolean;
}

/** Per-table checks as columns of the matrix, with their short headings. */
const COLUMNS: Array<[DoctorCheckId, string]> = [
  ['tenant-not-null', 'not null'],
  ['tenant-index', 'index'],
  ['tenant-foreign-key', 'tenant fk'],
  ['unique-keys', 'unique'],
  ['in-tenant-references', 'refs'],
  ['row-level-security', 'rls'],
  ['tenant-policy', 'policy'],
  ['orphan-rows', 'orphans'],
  ['explain-index', 'explain'],
  ['schema-drift', 'drift'],
];

const WORD: Record<DoctorStatus, string> = { pass: 'ok', fail: 'FAIL', warn: 'warn', skip: 'skip' };
const ANSI: Record<DoctorStatus | 'dim' | 'bold', string> = { pass: '32', fail: '31', warn: '35', skip: '33', dim: '2', bold: '1' };

/**
 * The report for people: the database-wide checks, then one row per table with a column per
 * check (`ok`, `FAIL`, `warn`, `skip`, `-` where it does not apply), then every failure, warning and
 * skip with its detail. Plain text unless `colour`.
 *
 * @example
 * process.stdout.write(renderDoctorTable(report, { colour: process.stdout.isTTY && !process.env.NO_COLOR }));
 */
export function renderDoctorTable(report: DoctorReport, options: DoctorRenderOptions = {}): string {
  // Pad the plain text first, then colour it, so escape codes never skew the columns.
  const paint = (style: keyof typeof ANSI, text: string) => (options.colour ? `\x1b[${ANSI[style]}m${text}\x1b[0m` : text);
  const status = (s: DoctorStatus, width = 0) => paint(s, WORD[s].padEnd(width));
  const lines: string[] = [paint('bold', `typeorm-tenancy doctor: ${report.dialect}, database ${report.database}, role ${report.role}`), ''];

  const database = report.checks.filter((c) => c.table === null);
  const idWidth = Math.max(...database.map((c) => c.check.length), 0);
  lines.push(paint('bold', 'Database'));
  for (const c of database) lines.push(`  ${status(c.status, 4)}  ${c.check.padEnd(idWidth)}  ${c.detail}`);
  lines.push('');

  const byTable = new Map<string, Map<DoctorCheckId, DoctorCheck>>();
  for (const c of report.checks) if (c.table !== null) byTable.set(c.table, (byTable.get(c.table) ?? new Map()).set(c.check, c));
  const columns = COLUMNS.filter(([id]) => report.checks.some((c) => c.table !== null && c.check === id));
  const nameWidth = Math.max('table'.length, ...[...byTable.keys()].map((t) => t.length));
  lines.push(paint('bold', `  ${'table'.padEnd(nameWidth)}  ${columns.map(([, h]) => h.padEnd(Math.max(h.length, 4))).join('  ')}`.trimEnd()));
  for (const [table, checks] of byTable) {
    const cells = columns.map(([id, h], i) => {
      const c = checks.get(id);
      // The last column is not padded: no trailing blanks.
      const width = i === columns.length - 1 ? 0 : Math.max(h.length, 4);
      return c ? status(c.status, width) : paint('dim', '-'.padEnd(width));
    });
    lines.push(`  ${table.padEnd(nameWidth)}  ${cells.join('  ')}`);
  }

  const notable = report.checks.filter((c) => c.table !== null && c.status !== 'pass');
  if (notable.length) {
    lines.push('', paint('bold', 'Failures, warnings and skips'));
    for (const c of notable) lines.push(`  ${status(c.status, 4)}  ${c.table} ${c.check}: ${c.detail}`);
  }
  lines.push('', paint('dim', `Checks: ${columns.map(([id, h]) => `${h} = ${DOCTOR_CHECKS[id]}`).join('; ')}. See docs/doctor.md.`));
  return `${lines.join('\n')}\n`;
}
