import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledMigrations } from '../../src/migrations';
import { start } from '../../src/cli/start';
import { Client } from 'pg';
import { describeEachDatabase } from '../support/scratch-database';
import { isAvailable, PG_URL, TARGETS } from '../support/targets';
import { cliIn } from './cli-process';

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
  }, 180_000); // two full PGlite runs: about 50 s on a loaded 2-core machine
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

/**
 * `typeorm-tenancy start --url=…` as a process, as a superuser on a fresh database: the connecting
 * role's checks fail as they must for a migration role; start says so, prints the app-role command
 * to run next (run here exactly as printed) and exits 0; any other failed check makes it exit 1.
 */
const pgServer = TARGETS.find((t) => t.name === 'postgres')!;
(isAvailable(pgServer) ? describe : describe.skip)('typeorm-tenancy start as a superuser on a fresh database [postgres]', () => {
  const database = `cli_start_${randomBytes(4).toString('hex')}`;
  const url = PG_URL.replace(/\/[^/]*$/, `/${database}`);
  const admin = async (sql: string, db?: string) => {
    const client = new Client({ connectionString: db ? PG_URL.replace(/\/[^/]*$/, `/${db}`) : PG_URL });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  beforeAll(() => admin(`CREATE DATABASE ${database}`));
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin(`DROP ROLE IF EXISTS ${database}_app`);
  });
  const sh = (command: string) =>
    new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile('sh', ['-c', command], { cwd: join(__dirname, '..', '..') }, (e, stdout) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout })),
    );

  it('names the expected connecting-role failure, prints the app-role command (which works) and exits 0', async () => {
    const run = await cliIn(tmpdir(), ['start', `--url=${url}`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^doctor: FAILED connecting-role /m);
    expect(run.stdout).toContain('connecting-role failed as expected: start migrates, so it connects as the migration / owner role (postgres)');
    const appRole = `npx ts-node --transpile-only src/cli/main.ts app-role --url '${url}' --role ${database}_app`;
    expect(run.stdout).toContain(`\n  ${appRole}\n`);
    expect(run.stdout).toMatch(/Exit 0: only the checks of the connecting role failed/);
    // The printed commands, as printed: the role is made, and the doctor passes as it.
    expect((await sh(appRole)).code).toBe(0);
    const doctor = /check it: (.*doctor --url '[^']*')/.exec(run.stdout)![1];
    const checked = await sh(doctor);
    expect(checked.stdout).toMatch(/doctor: \d+ tables, \d+ checks: \d+ passed, 0 failed/);
    expect(checked.code).toBe(0);
  });

  it('exits 1 when a check other than the connecting role\'s fails (a unique key without tenant_id, also drift from the definition)', async () => {
    await admin('CREATE UNIQUE INDEX uq_cli_venues_name ON venues (name)', database);
    const run = await cliIn(tmpdir(), ['start', '--url', url]);
    expect(run.stdout).toContain('No pending migrations: the schema is up to date.');
    expect(run.stdout).toMatch(/Other checks failed too \(unique-keys, schema-drift\): exit 1/);
    expect(run.code).toBe(1);
  });
});
