import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledMigrations } from '../../src/migrations';
import { uuidv7 } from '../../src/uuid/uuidv7';
import { openScratch, type Scratch } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';
import { cliIn } from './cli-process';

/**
 * The real `typeorm-tenancy migrate | revert | rehearse` processes: exit codes, stdout / stderr,
 * `--json`, and `-d` with `--url` (the file loaded with DATABASE_URL set to the URL). On the
 * PostgreSQL server only (the behaviour on every target: migrate.test.ts, revert.test.ts,
 * rehearse.test.ts, in-process); the scratch database is the test's.
 */

const ROOT = join(__dirname, '..', '..');
const names = bundledMigrations.map((M) => new M().name!);
const pgServer = TARGETS.find((t) => t.name === 'postgres')!;

(isAvailable(pgServer) ? describe : describe.skip)('typeorm-tenancy migrate / revert / rehearse as processes [postgres]', () => {
  let db: Scratch;
  let dir: string;
  beforeAll(async () => {
    db = await openScratch(pgServer, { migrate: false, tenancy: false });
    dir = mkdtempSync(join(tmpdir(), 'hm-migrate-cli-'));
    // An application's DataSource file: the bundled tenants migrations and one of its own.
    writeFileSync(
      join(dir, 'ormconfig.js'),
      `const { createDataSource } = require(${JSON.stringify(join(ROOT, 'src/cli/data-source-from-url'))});
const { CreateTenantIsolation0099, CreateTenants0100 } = require(${JSON.stringify(join(ROOT, 'src/migrations'))});
class HmCreateNotes1800000000201 {
  constructor() { this.name = 'HmCreateNotes1800000000201'; }
  async up(qr) { await qr.query('CREATE TABLE hm_notes (id int PRIMARY KEY)'); }
  async down(qr) { await qr.query('DROP TABLE hm_notes'); }
}
exports.dataSource = createDataSource({ url: process.env.DATABASE_URL, migrations: [CreateTenantIsolation0099, CreateTenants0100, HmCreateNotes1800000000201] });
`,
    );
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrate --url --json: one JSON document on stdout, exit 0 (only the connecting role failed, as a migration role does)', async () => {
    const run = await cliIn(dir, ['migrate', '--url', db.url, '--json']);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    expect(doc.migrations.map((m: { name: string }) => m.name)).toEqual(names);
    expect(doc.doctor.expectedFailures).toEqual(['connecting-role']);
    expect([doc.exitCode, run.code]).toEqual([0, 0]);
  }, 120_000);

  // Usage errors found by the parser (no --steps / --to, rehearse without --url): main.test.ts.
  it('a request the database cannot meet exits 2 before anything changes: --steps past the executed ones', async () => {
    const many = await cliIn(dir, ['revert', '--url', db.url, '--steps', '51']);
    expect([many.code, many.stdout, many.stderr]).toEqual([2, '', 'typeorm-tenancy revert: only 50 migrations are executed; --steps 51 is more; nothing was reverted\n']);
  }, 120_000);

  it("revert --to stops at a table with rows: TABLE_HOLDS_ROWS's message on stdout, exit 1", async () => {
    await db.dataSource.query('INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)', [uuidv7(), 'Keep', 'keep']);
    const tenants = names.findIndex((n) => /^Phase0100CreateTenants/.test(n));
    const run = await cliIn(dir, ['revert', `--url=${db.url}`, '--to', names[tenants - 1]]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^reverted  ${names[tenants + 1]} `, 'm'));
    expect(run.stdout).toContain(`FAILED to revert ${names[tenants]}: TABLE_HOLDS_ROWS: Refused to drop table tenants: it holds 1 row`);
  }, 120_000);

  it('-d with --url runs the file\'s migrations on that database; the doctor finds no tenant table: exit 1', async () => {
    const run = await cliIn(dir, ['migrate', '-d', 'ormconfig.js', '--url', db.url]);
    expect(run.stdout).toMatch(/^1 pending migration on postgres\napplied  HmCreateNotes1800000000201 +\d[\d.]* ms  rss /m);
    expect(run.stdout).toMatch(/^doctor: FAILED tenant-tables/m);
    expect(run.stdout).toMatch(/^Checks failed \(tenant-tables.*\): exit 1/m);
    expect(run.code).toBe(1);
  }, 120_000);
});
