import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledMigrations } from '../../src/migrations';
import { start } from '../../src/cli/start';
import { describeEachDatabase } from '../support/scratch-database';

describe('npm start on the embedded default (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tenancy-start-'));
  const saved = process.env.DATABASE_URL;
  beforeAll(() => delete process.env.DATABASE_URL);
  afterAll(() => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates a persisted PGlite database, and finds nothing pending the second time', async () => {
    const lines: string[] = [];
    const applied = await start({ dataDir }, (line) => lines.push(line));
    expect(applied).toEqual(bundledMigrations.map((M) => new M().name));
    expect(lines[0]).toMatch(/embedded PGlite/);
    // Ends with the doctor's summary, run as the application role it created: nothing failed.
    expect(lines).toContain('Application role tenancy_app ready (not owner, no BYPASSRLS) with a system key; the doctor runs as it.');
    expect(lines[lines.length - 1]).toMatch(/^doctor: \d+ tables, \d+ checks: \d+ passed, 0 failed, 0 skipped/);
    const again: string[] = [];
    expect(await start({ dataDir }, (line) => again.push(line))).toEqual([]);
    expect(again).toContain('No pending migrations: the schema is up to date.');
    expect(again[again.length - 1]).toMatch(/0 failed/);
  });
});

describeEachDatabase('npm start with DATABASE_URL', { migrate: false }, (db) => {
  it('applies every bundled migration to the server and prints them', async () => {
    const lines: string[] = [];
    const applied = await start({ url: db().url }, (line) => lines.push(line));
    expect(applied).toEqual(bundledMigrations.map((M) => new M().name));
    for (const name of applied) expect(lines).toContain(`applied ${name}`);
    // The doctor's summary comes last; the test servers connect as superusers (PostgreSQL), which
    // the role check reports, and the MySQL family has no role check.
    const summary = lines.slice(lines.findIndex((l) => l.startsWith('doctor: ')));
    expect(summary[0]).toMatch(db().target.family === 'postgres' ? /: \d+ passed, 1 failed/ : /: \d+ passed, 0 failed/);
  });
});
