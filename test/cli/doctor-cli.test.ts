import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { doctorCommand, renderDoctorSummary, type DoctorReport } from '../../src/cli/doctor';
import { start } from '../../src/cli/start';
import { dialectOf } from '../../src/dialect/dialect-of';
import { CreateDoctorProbes, failures } from '../support/doctor-probes';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * `typeorm-tenancy doctor` as a process, the way operators and CI run it: arguments, DATABASE_URL,
 * JSON on stdout, exit codes 0 (nothing failed), 1 (a check failed, or the doctor could not run)
 * and 2 (usage). Asynchronous spawn: on PGlite the database is served by this very process.
 */

const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.TENANCY_SYSTEM_KEY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
      { cwd: ROOT, env: { ...base, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('typeorm-tenancy doctor: usage', () => {
  it.each([
    [['doctor', '--bogus'], /unknown argument '--bogus'/],
    [['doctor', '--url'], /--url needs a database URL/],
    [['doctor', '--url', '--json'], /--url needs a database URL/],
    [['frobnicate'], /usage: typeorm-tenancy start/],
  ])('%j exits 2 with the usage', async (args, message) => {
    const run = await cli(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
    expect(run.stderr).toMatch(/typeorm-tenancy doctor \[--url <database-url>\] \[--json\]/);
  });

  it('exits 1 with the reason when it cannot connect', async () => {
    const run = await cli(['doctor', '--url', 'postgres://postgres@127.0.0.1:1/nowhere']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^typeorm-tenancy: .*ECONNREFUSED/);
  });
});

describe('typeorm-tenancy doctor on the embedded default (no URL, no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-doctor-'));
  const saved = process.env.DATABASE_URL;
  beforeAll(() => delete process.env.DATABASE_URL);
  afterAll(() => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails an empty database, then passes it as the application role once npm start has migrated it', async () => {
    let out = '';
    expect(await doctorCommand({ dataDir, json: true }, (t) => (out += t))).toBe(1);
    expect(failures(JSON.parse(out))).toEqual(['(database) connecting-role', '(database) system-access', '(database) tenant-tables']);
    await start({ dataDir }, () => undefined);
    out = '';
    expect(await doctorCommand({ dataDir, json: true }, (t) => (out += t))).toBe(0);
    const report: DoctorReport = JSON.parse(out);
    expect(report.role).toBe('tenancy_app');
    expect(failures(report)).toEqual([]);
    expect(report.summary.tables).toBeGreaterThan(1);
  });
});

describeEachDatabase('typeorm-tenancy doctor, the process', { migrations: [CreateDoctorProbes] }, (db) => {
  it('--url … --json prints the report and exits 1 if any check failed, else 0', async () => {
    const run = await cli(['doctor', '--url', db().url, '--json']);
    const report: DoctorReport = JSON.parse(run.stdout);
    expect(report).toEqual({
      dialect: dialectOf(db().dataSource).name,
      database: expect.any(String),
      role: expect.any(String),
      tables: ['doctor_child', 'doctor_parent', 'tenants'],
      checks: expect.any(Array),
      summary: { tables: 3, checks: report.checks.length, passed: expect.any(Number), failed: expect.any(Number), warned: expect.any(Number), skipped: expect.any(Number) },
      ok: expect.any(Boolean),
    });
    for (const check of report.checks) expect(Object.keys(check)).toEqual(['table', 'check', 'status', 'detail']);
    // The test connection is a superuser: PostgreSQL's role check fails, and only it.
    const pg = report.dialect === 'postgres';
    expect(failures(report)).toEqual(pg ? ['(database) connecting-role'] : []);
    expect(run.code).toBe(pg ? 1 : 0);
    expect(run.stderr).toBe('');
  });

  it('falls back to DATABASE_URL and prints the table (no colour off a terminal) and the summary last', async () => {
    const json: DoctorReport = JSON.parse((await cli(['doctor', '--json'], { DATABASE_URL: db().url })).stdout);
    const run = await cli(['doctor'], { DATABASE_URL: db().url });
    expect(run.stdout).toMatch(/^typeorm-tenancy doctor: /);
    expect(run.stdout).toMatch(/^ {2}table +not null +index +tenant fk +unique +refs/m);
    expect(run.stdout).not.toMatch(/\x1b\[/);
    expect(run.stdout.trimEnd().endsWith(renderDoctorSummary(json))).toBe(true);
    expect(run.code).toBe(json.ok ? 0 : 1);
  });

  it('exits 1 once an invariant is broken (a unique key without tenant_id), on every database', async () => {
    const ds = db().dataSource;
    const q = (name: string) => dialectOf(ds).quote(name);
    await ds.query(`CREATE UNIQUE INDEX ${q('uq_doctor_parent_code')} ON ${q('doctor_parent')} (${q('code')})`);
    try {
      const run = await cli(['doctor', '--json', '--url', db().url]);
      const report: DoctorReport = JSON.parse(run.stdout);
      expect(failures(report)).toContain('doctor_parent unique-keys');
      expect(report.ok).toBe(false);
      expect(run.code).toBe(1);
    } finally {
      await ds.query(`DROP INDEX ${q('uq_doctor_parent_code')}${dialectOf(ds).family === 'postgres' ? '' : ` ON ${q('doctor_parent')}`}`);
    }
  });
});
