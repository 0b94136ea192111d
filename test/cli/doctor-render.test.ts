import { renderDoctorSummary, renderDoctorTable, type DoctorCheck, type DoctorCheckId, type DoctorReport } from '../../src/cli/doctor';
import { summarizeChecks } from '../../src/cli/doctor/doctor-report';

/** The doctor's output for people, on a made-up report (no database needed). */

const ALL: DoctorCheckId[] = ['tenant-not-null', 'tenant-index', 'tenant-foreign-key', 'unique-keys', 'in-tenant-references', 'row-level-security', 'tenant-policy', 'orphan-rows', 'explain-index'];

function report(checks: DoctorCheck[]): DoctorReport {
  const tables = [...new Set(checks.map((c) => c.table).filter((t): t is string => t !== null))].sort();
  const summary = summarizeChecks(checks, tables.length);
  return { dialect: 'postgres', database: 'app', role: 'app_user', tables, checks, summary, ok: summary.failed === 0 };
}

const pass = (table: string | null, check: DoctorCheckId): DoctorCheck => ({ table, check, status: 'pass', detail: 'fine' });

const sample = report([
  pass(null, 'tenant-tables'),
  { table: null, check: 'connecting-role', status: 'fail', detail: 'postgres is a superuser' },
  pass('tenants', 'row-level-security'),
  pass('tenants', 'tenant-policy'),
  ...ALL.map((check): DoctorCheck => {
    if (check === 'unique-keys') return { table: 'notes', check, status: 'fail', detail: 'uq_notes_code (code) lacks tenant_id' };
    if (check === 'orphan-rows') return { table: 'notes', check, status: 'skip', detail: 'row-level security hides rows' };
    return pass('notes', check);
  }),
  ...ALL.map((check) => pass('tags', check)),
]);

const ANSI = /\x1b\[[0-9;]*m/g;

describe('renderDoctorTable', () => {
  it('lays the per-table checks out as aligned columns, "-" where a check does not apply, and lists failures and skips with their details', () => {
    const text = renderDoctorTable(sample);
    const lines = text.split('\n');
    expect(text).not.toMatch(ANSI);
    expect(lines[0]).toBe('typeorm-tenancy doctor: postgres, database app, role app_user');
    expect(lines).toContain('  FAIL  connecting-role  postgres is a superuser');
    const header = lines.find((l) => l.startsWith('  table'))!;
    expect(header.split(/\s{2,}/).filter(Boolean)).toEqual(['table', 'not null', 'index', 'tenant fk', 'unique', 'refs', 'rls', 'policy', 'orphans', 'explain']);
    const row = (table: string) => lines.find((l) => l.startsWith(`  ${table} `))!;
    expect(row('notes').indexOf('FAIL')).toBe(header.indexOf('unique'));
    expect(row('notes').indexOf('skip')).toBe(header.indexOf('orphans'));
    expect(row('tenants').slice(header.indexOf('not null'), header.indexOf('rls')).trim().split(/\s+/)).toEqual(['-', '-', '-', '-', '-']);
    expect(row('tags').trim().split(/\s+/)).toEqual(['tags', ...ALL.map(() => 'ok')]);
    expect(lines).toContain('  FAIL  notes unique-keys: uq_notes_code (code) lacks tenant_id');
    expect(lines).toContain('  skip  notes orphan-rows: row-level security hides rows');
    expect(lines.filter((l) => l !== l.trimEnd())).toEqual([]);
  });

  it('colours pass green, fail red and skip yellow only when asked, without moving a column', () => {
    const coloured = renderDoctorTable(sample, { colour: true });
    expect(coloured).toContain('\x1b[31mFAIL');
    expect(coloured).toContain('\x1b[32mok');
    expect(coloured).toContain('\x1b[33mskip');
    expect(coloured.replace(ANSI, '')).toBe(renderDoctorTable(sample, { colour: false }));
  });

  it('shows warnings (database-wide and per table) as warn, in magenta, listed with failures and skips, and the drift column', () => {
    const warned = report([
      { table: null, check: 'redundant-indexes', status: 'warn', detail: 'notes.idx_notes_code (code) is a left prefix of idx_notes_code_tenant (code, tenant_id)' },
      ...ALL.map((check) => pass('notes', check)),
      { table: 'notes', check: 'schema-drift', status: 'fail', detail: 'index idx_x: expected (tenant_id, status), found (status, tenant_id)' },
      { table: 'countries', check: 'schema-drift', status: 'pass', detail: 'matches its definition' },
    ]);
    const lines = renderDoctorTable(warned).split('\n');
    expect(lines).toContain('  warn  redundant-indexes  notes.idx_notes_code (code) is a left prefix of idx_notes_code_tenant (code, tenant_id)');
    const header = lines.find((l) => l.startsWith('  table'))!;
    expect(header.trim().split(/\s{2,}/).pop()).toBe('drift');
    const row = (table: string) => lines.find((l) => l.startsWith(`  ${table} `))!;
    expect(row('notes').indexOf('FAIL')).toBe(header.indexOf('drift'));
    expect(row('countries').trim().split(/\s+/)).toEqual(['countries', ...ALL.map(() => '-'), 'ok']);
    expect(lines).toContain('  FAIL  notes schema-drift: index idx_x: expected (tenant_id, status), found (status, tenant_id)');
    expect(renderDoctorTable(warned, { colour: true })).toContain('\x1b[35mwarn');
    expect(renderDoctorSummary(warned).split('\n')).toEqual([
      'doctor: 2 tables, 12 checks: 10 passed, 1 failed, 0 skipped, 1 warning (redundant-indexes)',
      'doctor: FAILED schema-drift (details: typeorm-tenancy doctor; docs/doctor.md)',
    ]);
    // Warnings alone leave the run ok: the summary is one line.
    const onlyWarned = report(warned.checks.filter((c) => c.status !== 'fail'));
    expect(onlyWarned.ok).toBe(true);
    expect(renderDoctorSummary(onlyWarned)).toBe('doctor: 2 tables, 11 checks: 10 passed, 0 failed, 0 skipped, 1 warning (redundant-indexes)');
  });

  it('leaves out columns no table has (the MySQL family has no rls and policy checks)', () => {
    const mysql = report(['notes', 'tags'].flatMap((t) => ALL.filter((c) => c !== 'row-level-security' && c !== 'tenant-policy').map((c) => pass(t, c))));
    const header = renderDoctorTable(mysql).split('\n').find((l) => l.startsWith('  table'))!;
    expect(header).not.toMatch(/rls|policy/);
  });
});

describe('renderDoctorSummary', () => {
  it('is one line of counts when nothing failed', () => {
    const ok = report([pass(null, 'tenant-tables'), ...ALL.map((c) => pass('tags', c)), { table: 'tags', check: 'orphan-rows', status: 'skip', detail: 'hidden' }]);
    expect(renderDoctorSummary(ok)).toBe('doctor: 1 table, 11 checks: 10 passed, 0 failed, 1 skipped');
  });

  it('adds a line naming the failed checks (with how many tables) otherwise', () => {
    const broken = report([...sample.checks, { table: 'tags', check: 'unique-keys', status: 'fail', detail: 'x' }]);
    expect(renderDoctorSummary(broken).split('\n')).toEqual([
      'doctor: 3 tables, 23 checks: 19 passed, 3 failed, 1 skipped',
      'doctor: FAILED connecting-role, unique-keys (2 tables) (details: typeorm-tenancy doctor; docs/doctor.md)',
    ]);
  });
});
