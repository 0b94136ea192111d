import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { cliIn } from './cli-process';
import { isAvailable, MYSQL_URL, PG_URL, TARGETS } from '../support/targets';

/**
 * `typeorm-tenancy <command>` as a process, from a scratch working directory (where the embedded
 * default would create ./.data): every command parses its arguments the same way, refuses what it
 * does not know before touching anything, and shows the real reason a connection failed.
 */

const USAGE = /usage: typeorm-tenancy start \[--url <database-url>\][\s\S]*typeorm-tenancy app-role --role <name>/;

const pg = TARGETS.find((t) => t.name === 'postgres')!;
const maria = TARGETS.find((t) => t.name === 'mariadb')!;
const withServer = (target: typeof pg) => (isAvailable(target) ? describe : describe.skip);
const missing = `cli_missing_${randomBytes(4).toString('hex')}`;
const pgUrl = (db: string) => PG_URL.replace(/\/[^/]*$/, `/${db}`);

describe('typeorm-tenancy: the same arguments on every command', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-args-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  afterEach(() => {
    // Nothing was created where the command ran: no embedded database under ./.data.
    expect(existsSync(join(cwd, '.data'))).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    [['start', '--urll', 'postgres://postgres@127.0.0.1:5432/x'], /typeorm-tenancy start: unknown argument '--urll'/],
    [['start', '--urll=postgres://postgres@127.0.0.1:5432/x'], /typeorm-tenancy start: unknown argument '--urll=postgres/],
    [['start', '--url=postgres://postgres@127.0.0.1:5432/x', '--json'], /typeorm-tenancy start: unknown argument '--json'/],
    [['start', 'postgres://postgres@127.0.0.1:5432/x'], /typeorm-tenancy start: unknown argument 'postgres:/],
    [['start', '--url'], /typeorm-tenancy start: --url needs a database URL/],
    [['start', '--url='], /typeorm-tenancy start: --url needs a database URL/],
    [['doctor', '--urll', 'x'], /typeorm-tenancy doctor: unknown argument '--urll'/],
    [['doctor', '--json=yes'], /typeorm-tenancy doctor: --json takes no value/],
    [['app-role', '--role', 'cli_x', '--urll', 'postgres://postgres@127.0.0.1:5432/x'], /typeorm-tenancy app-role: unknown argument '--urll'/],
    [['app-role', '--rol=cli_x', '--print'], /typeorm-tenancy app-role: unknown argument '--rol=cli_x'/],
    [['app-role', '--role', '--print'], /typeorm-tenancy app-role: --role needs a role name/],
    [['migrat'], /typeorm-tenancy: unknown command 'migrat'/],
    [['migrate', '--dry-run=yes'], /typeorm-tenancy migrate: --dry-run takes no value/],
    [['revert', '--steps'], /typeorm-tenancy revert: --steps needs a number of migrations/],
    [['revert', '--url', 'postgres://postgres@127.0.0.1:5432/x'], /typeorm-tenancy revert: give exactly one of --steps <N> and --to <migration name>/],
    [['rehearse', '--forse'], /typeorm-tenancy rehearse: unknown argument '--forse'/],
    [['rehearse', '--force'], /typeorm-tenancy rehearse: --url <scratch database url> is required/],
  ])('%j exits 2 with the reason and the usage, and creates nothing', async (args, reason) => {
    const run = await cliIn(cwd, args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(reason) });
    expect(run.stderr).toMatch(USAGE);
  });

  it('--help prints the usage on stdout, exit 0', async () => {
    const run = await cliIn(cwd, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(USAGE);
  });

  it('app-role --role=x and --role x print the same SQL', async () => {
    const eq = await cliIn(cwd, ['app-role', '--role=cli_print', '--print']);
    const space = await cliIn(cwd, ['app-role', '--print', '--role', 'cli_print']);
    expect(eq.code).toBe(0);
    expect(eq.stdout).toMatch(/CREATE ROLE "cli_print" LOGIN/);
    expect(space).toEqual(eq);
  });

  withServer(pg)('on PostgreSQL', () => {
    afterAll(async () => {
      const admin = new Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${missing}`);
      await admin.end();
    });

    const forms = (command: string[]) => [
      [...command, `--url=${pgUrl(missing)}`],
      [...command, '--url', pgUrl(missing)],
    ];
    it.each([...forms(['start']), ...forms(['doctor', '--json']), ...forms(['app-role', '--role', 'cli_never'])].map((a) => [a]))(
      '%j uses the URL and shows the real error: the database does not exist, create it first; exit 1',
      async (args) => {
        const run = await cliIn(cwd, args);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).not.toMatch(/connection is not yet established/);
        expect(run.stderr).toContain(`typeorm-tenancy: database "${missing}" does not exist: create the database first, e.g. psql `);
        expect(run.stderr).toContain(`-c 'CREATE DATABASE "${missing}"'`);
      },
    );

    it('the command in the hint creates the database', async () => {
      const run = await cliIn(cwd, ['start', `--url=${pgUrl(missing)}`]);
      const command = /e\.g\. (psql .*?) \(a dedicated owner/.exec(run.stderr)![1];
      await new Promise<void>((resolve, reject) => execFile('sh', ['-c', command], { cwd }, (e) => (e ? reject(e) : resolve())));
      const admin = new Client({ connectionString: PG_URL });
      await admin.connect();
      const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [missing]);
      await admin.end();
      expect(rows).toEqual([{ n: 1 }]);
    });
  });

  withServer(maria)('on MariaDB', () => {
    it.each([['--url=x'], ['--url', 'x']].map((f) => ['start', ...f.map((a) => a.replace('x', MYSQL_URL.replace(/^mysql:/, 'mariadb:').replace(/\/[^/]*$/, `/${missing}`)))]).map((a) => [a]))(
      '%j shows Unknown database and how to create it; exit 1',
      async (args) => {
        const run = await cliIn(cwd, args);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`Unknown database '${missing}': create the database first, e.g. mysql -h `);
        expect(run.stderr).toContain(`-e 'CREATE DATABASE \`${missing}\``);
      },
    );
  });
});
