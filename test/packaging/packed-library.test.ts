import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { SUPPORTED_TYPEORM_VERSION } from '../../src/scopes/typeorm-internals';
import { isRedisAvailable } from '../support/redis';
import { isAvailable, MYSQL_URL, PG_URL, TARGETS } from '../support/targets';
import { runHttpProbe } from './http-app';
import { runHttpServers, runSubpathsProbe } from './subpaths-app';
import { runJobsScript, typecheckReadmeJobs, writeJobsApp } from './jobs-app';
import { npm, run, runScratchApp, writeScratchApp, type Run } from './scratch-app';

/**
 * The library as an application gets it: `npm pack`ed, installed from the tarball by real npm from
 * the registry into scratch applications outside the repo, run in child processes against the
 * real servers. Proves that another TypeORM version fails loudly (at install, and at the first
 * enableTenancy when the install is forced) and never runs unscoped, and that the same app on the
 * supported version is scoped. Needs the registry: when npm cannot reach it, these tests fail.
 *
 * Measured on a loaded 2-core machine (warm npm cache; the steps print their seconds after the run):
 * build + pack 16-88 s, the refused install 8-21 s, an install 6-20 s (0.3.31: 22-35 s), an app
 * run 1-3 s; the whole file 2.5-4.5 minutes (the slow ends with other suites running beside it).
 * The jobs step (install bullmq + ioredis 9 s, a BullMQ run 3 s, two tsc runs of the README example
 * 29-43 s each with skipLibCheck off) measured 86 s, the whole file then 5.2 minutes.
 * Each timeout is about three times its slowest measured step.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const OTHER_TYPEORM = '1.1.0'; // the version before the supported one: what an app pinned a month ago has
const OLD_TYPEORM = '0.3.31'; // the last 0.3.x: its DataSource lacks half of what the layer reads

const mariadb = TARGETS.find((t) => t.name === 'mariadb')!;
const database = `pack_${randomBytes(6).toString('hex')}`;
const withDatabase = (url: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();
const pgUrl = withDatabase(PG_URL);
const oldPgUrl = Object.assign(new URL(PG_URL), { pathname: `/${database}_old` }).toString(); // the 0.3 app's, empty
const mariadbUrl = withDatabase(MYSQL_URL);
// type 'mysql' and type 'mariadb' map uuid columns differently: each gets its own database.
const mysqlUrl = Object.assign(new URL(MYSQL_URL), { pathname: `/${database}_mysql` }).toString();

let work: string;
let tarball: string;
const app = () => join(work, 'app'); // the application that starts on TypeORM 1.1.0 and moves to 1.1.1
const oldApp = () => join(work, 'app-0.3');

/** Seconds per step, printed after the run: the basis of the timeouts below. */
const timings: string[] = [];
function timed(label: string, r: Run): Run {
  timings.push(`${label} ${r.seconds.toFixed(1)}s`);
  return r;
}

const explain = (r: Run) => `exit ${r.status} after ${r.seconds}s\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
function expectSuccess(r: Run): void {
  if (r.status !== 0) throw new Error(explain(r));
}

async function pgTables(url = pgUrl): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    return rows.map((r: { table_name: string }) => r.table_name);
  } finally {
    await client.end();
  }
}

/** `npm ls typeorm --all --parseable`: every installed typeorm directory. */
function typeormCopies(dir: string): string[] {
  const r = run('npm', ['ls', 'typeorm', '--all', '--parseable'], dir);
  return [...new Set(r.stdout.split('\n').filter((l) => /[\\/]typeorm$/.test(l)))];
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pack-library-'));
  // One tarball for every app below, built from this checkout exactly as `npm publish` would pack it.
  rmSync('dist', { recursive: true, force: true });
  expectSuccess(timed('build', run('npm', ['run', 'build'], process.cwd())));
  const packed = timed('pack', run('npm', ['pack', '--pack-destination', work, '--json'], process.cwd()));
  expectSuccess(packed);
  tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.query(`CREATE DATABASE ${database}_old`);
  await admin.end();
  if (isAvailable(mariadb)) {
    const connection = await createConnection({ uri: MYSQL_URL });
    await connection.query(`CREATE DATABASE ${database}`);
    await connection.query(`CREATE DATABASE ${database}_mysql`);
    await connection.end();
  }
}, 240_000);

afterAll(async () => {
  console.log(`packed-library steps: ${timings.join(', ')}`);
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${database}_old WITH (FORCE)`);
  await admin.end();
  if (isAvailable(mariadb)) {
    const connection = await createConnection({ uri: MYSQL_URL });
    await connection.query(`DROP DATABASE IF EXISTS ${database}`);
    await connection.query(`DROP DATABASE IF EXISTS ${database}_mysql`);
    await connection.end();
  }
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe(`the packed library in an application on typeorm@${OTHER_TYPEORM}`, () => {
  it('the tarball holds the built entry and CLI, and declares typeorm, the drivers and PGlite as peers only', () => {
    const packedPkg = pkg;
    expect(existsSync(tarball)).toBe(true);
    expect(packedPkg.peerDependencies.typeorm).toBe(SUPPORTED_TYPEORM_VERSION);
    const listed = run('tar', ['-tzf', tarball], work);
    expectSuccess(listed);
    expect(listed.stdout).toMatch(/^package\/dist\/index\.js$/m);
    expect(listed.stdout).toMatch(/^package\/dist\/cli\/main\.js$/m);
    expect(listed.stdout).toMatch(/^package\/dist\/jobs\/index\.(js|d\.ts)$/m);
    for (const sub of ['http', 'express', 'fastify']) expect(listed.stdout).toMatch(new RegExp(`^package/dist/${sub}/index\\.js$`, 'm'));
    for (const sub of ['nest', 'testing', 'observability', 'cli']) {
      expect(listed.stdout).toMatch(new RegExp(`^package/dist/${sub}/index\\.js$`, 'm'));
      expect(listed.stdout).toMatch(new RegExp(`^package/dist/${sub}/index\\.d\\.ts$`, 'm'));
    }
    expect(listed.stdout).not.toMatch(/^package\/(src|test)\//m);
  });

  it('npm refuses the install: ERESOLVE, the conflicting peer named, nothing installed', () => {
    writeScratchApp(app(), pkg.peerDependencies, OTHER_TYPEORM);
    const install = timed('refused install', npm(app(), 'install', tarball));
    expect([install.status, install.stderr]).toEqual([1, expect.stringContaining('npm error code ERESOLVE')]);
    expect(install.stderr).toContain(`Found: typeorm@${OTHER_TYPEORM}`);
    expect(install.stderr).toContain(`peer typeorm@"${SUPPORTED_TYPEORM_VERSION}" from ${pkg.name}@${pkg.version}`);
    expect(existsSync(join(app(), 'node_modules'))).toBe(false);
  }, 60_000);

  it(`forced in (--legacy-peer-deps): one copy, ${OTHER_TYPEORM}; the first enableTenancy refuses with TENANCY_SETUP_UNSUPPORTED saying what to run; nothing reaches the database`, async () => {
    expectSuccess(timed(`install ${OTHER_TYPEORM} --legacy-peer-deps`, npm(app(), 'install', tarball, '--legacy-peer-deps')));
    expect(typeormCopies(app())).toEqual([resolve(app(), 'node_modules/typeorm')]);
    const { status, result, run: ran } = runScratchApp(app(), 'postgres', pgUrl);
    expect([status, result]).toEqual([
      3,
      {
        refused: {
          name: 'TenancySetupError',
          code: 'TENANCY_SETUP_UNSUPPORTED',
          isTenancyError: true,
          message: expect.stringContaining(`TypeORM ${OTHER_TYPEORM} (${join(app(), 'node_modules', 'typeorm')}, the copy this DataSource was created with)`),
        },
        initialized: false,
      },
    ]);
    const message = (result!.refused as { message: string }).message;
    expect(message).toContain(`Run \`npm install typeorm@${SUPPORTED_TYPEORM_VERSION}\``);
    expect(message).toContain('`npm ls typeorm` must show one copy');
    expect(ran.stderr).toBe('');
    expect(await pgTables()).toEqual([]); // synchronize never ran: not one statement was sent
  }, 70_000);

  it(`two copies (the library with its own nested ${SUPPORTED_TYPEORM_VERSION}, the DataSource from the app's ${OTHER_TYPEORM}): refused, naming the DataSource's copy`, async () => {
    const nested = join(app(), 'node_modules', pkg.name, 'node_modules', 'typeorm');
    cpSync(resolve('node_modules/typeorm'), nested, { recursive: true }); // the layout a plain dependency on typeorm gave
    try {
      expect(typeormCopies(app()).sort()).toEqual([resolve(app(), 'node_modules/typeorm'), nested].sort());
      const { status, result } = runScratchApp(app(), 'postgres', pgUrl);
      expect([status, result?.refused]).toEqual([
        3,
        expect.objectContaining({
          code: 'TENANCY_SETUP_UNSUPPORTED',
          message: expect.stringContaining(`TypeORM ${OTHER_TYPEORM} (${join(app(), 'node_modules', 'typeorm')}, the copy this DataSource was created with)`),
        }),
      ]);
      expect(await pgTables()).toEqual([]);
    } finally {
      rmSync(join(app(), 'node_modules', pkg.name, 'node_modules'), { recursive: true, force: true });
    }
  }, 45_000);

  it(`following the message (npm install typeorm@${SUPPORTED_TYPEORM_VERSION}): one copy; inserts are stamped and reads return only the tenant's rows`, async () => {
    expectSuccess(timed(`install typeorm@${SUPPORTED_TYPEORM_VERSION}`, npm(app(), 'install', `typeorm@${SUPPORTED_TYPEORM_VERSION}`)));
    expect(typeormCopies(app())).toEqual([resolve(app(), 'node_modules/typeorm')]);
    const ls = run('npm', ['ls', 'typeorm'], app());
    expect([ls.status, ls.stdout]).toEqual([0, expect.stringContaining(`typeorm@${SUPPORTED_TYPEORM_VERSION} deduped`)]);
    const targets: Array<[string, string]> = [['postgres', pgUrl]];
    if (isAvailable(mariadb)) targets.push(['mariadb', mariadbUrl], ['mysql', mysqlUrl]);
    for (const [type, url] of targets) {
      const { status, result, run: ran } = runScratchApp(app(), type, url);
      timed(`app on ${type}`, ran);
      expect([type, status, result]).toEqual([
        type,
        0,
        {
          readByA: [['a1', true, true], ['a2', true, true]],
          builtByB: [['b1', true]],
          withoutTenant: expect.objectContaining({ code: 'TENANT_MISSING', isTenancyError: true }),
          total: 3, // all three rows are there: the reads above were scoped, not empty
        },
      ]);
      expect([type, ran.stderr]).toEqual([type, '']);
    }
  }, 90_000);

  it('the optional embedded database is not installed, importing the library loads none of it, and the CLI default says what to install', () => {
    expect(existsSync(join(app(), 'node_modules', '@electric-sql'))).toBe(false);
    const probe = run(
      process.execPath,
      ['-e', "require('typeorm-tenancy'); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('electric-sql'))))"],
      app(),
    );
    expect([probe.status, probe.stdout.trim()]).toEqual([0, '[]']);
    const start = run(process.execPath, [join('node_modules', pkg.name, 'dist', 'cli', 'main.js'), 'start'], app(), { DATABASE_URL: undefined });
    expect([start.status, start.stderr.trim()]).toEqual([
      1,
      expect.stringMatching(
        /^typeorm-tenancy: The embedded PostgreSQL .* needs the optional packages .*`npm install @electric-sql\/pglite@0\.5\.14 @electric-sql\/pglite-socket@0\.2\.17`, or pass --url/,
      ),
    ]);
    expect(readdirSync(app())).not.toContain('.data'); // nothing was started or created
  }, 20_000);

  it('typeorm-tenancy/jobs resolves without BullMQ and shares the core context; with bullmq and ioredis installed the core still loads none of it, jobs run as their tenant, and the README example compiles (moduleResolution node and node16)', () => {
    writeJobsApp(app());
    const probe = runJobsScript(app(), 'jobs-probe.js');
    expect([probe.run.status, probe.run.stderr, probe.result]).toEqual([
      0,
      '',
      expect.objectContaining({ version: pkg.version, roundTrip: [1, true], missing: 'JOB_CONTEXT_MISSING', oneErrorHierarchy: true, queueLibrariesLoaded: 0 }),
    ]);
    expect((probe.result as { exports: string[] }).exports).toEqual(expect.arrayContaining(['addTenantJob', 'captureTenantContext', 'runInCapturedContext', 'tenantProcessor']));
    const peers = ['bullmq', 'ioredis'].map((name) => `${name}@${pkg.devDependencies[name]}`);
    expectSuccess(timed('install bullmq + ioredis', npm(app(), 'install', ...peers)));
    const core = runJobsScript(app(), 'core-only.js');
    expect([core.run.status, core.result]).toEqual([0, []]);
    if (isRedisAvailable()) {
      const jobs = runJobsScript(app(), 'jobs-bullmq.js');
      timed('bullmq jobs', jobs.run);
      expect([jobs.run.status, jobs.result]).toEqual([0, { completed: 9, mixed: 0, refused: 'JOB_CONTEXT_MISSING', kept: 9 }]);
    }
    for (const resolution of ['node10', 'node16'] as const) {
      const typed = timed(`tsc README jobs example (${resolution})`, typecheckReadmeJobs(app(), resolution));
      expect([resolution, typed.status, typed.stdout]).toEqual([resolution, 0, '']);
    }
  }, 260_000);

  it('typeorm-tenancy/express and typeorm-tenancy/fastify resolve without their frameworks, share the core errors and context, and load neither framework; the core loads neither subpath', () => {
    const probe = runHttpProbe(app());
    timed('http probe', probe.run);
    expect([probe.run.status, probe.run.stderr, probe.result]).toEqual([
      0,
      '',
      {
        coreLoadedHttp: 0,
        express: [],
        fastify: [],
        sameErrors: true,
        sameContext: true,
        mapped: { status: 404, body: { error: { code: 'NOT_FOUND', message: 'Not found.' } }, reason: 'TENANT_MISMATCH', serverFault: false },
        frameworksLoaded: 0,
      },
    ]);
  }, 20_000);

  it('the core loads none of the CLI, integrations, test helpers or observability; /cli, /testing and /observability (without OpenTelemetry) resolve; /nest resolves once its peers are installed', () => {
    const before = runSubpathsProbe(app());
    expect([before.run.status, before.run.stderr]).toEqual([0, '']);
    expect(before.result).toEqual(expect.objectContaining({ coreLoaded: 0, cli: [], testing: [], observability: [], otelLoaded: 0, logged: true, sameErrors: true }));
    expect((before.result as { nest: unknown }).nest).toMatch(/Cannot find module '@nestjs\/(common|core|typeorm)'/);
    const peers = ['@nestjs/common', '@nestjs/core', '@nestjs/typeorm', 'nestjs-cls', 'rxjs'].map((name) => `${name}@${pkg.devDependencies[name]}`);
    expectSuccess(timed('install nest peers', npm(app(), 'install', ...peers)));
    const after = runSubpathsProbe(app());
    expect([after.run.status, after.run.stderr, (after.result as { nest: unknown }).nest]).toEqual([0, '', []]);
  }, 120_000);

  it('with Express and Fastify installed, the packed middleware and plugin run in real servers on localhost: the tenant reaches the route, a request without one is refused with 400 TENANT_UNRESOLVED', () => {
    const frameworks = ['express', 'fastify'].map((name) => `${name}@${pkg.devDependencies[name]}`);
    expectSuccess(timed('install express + fastify', npm(app(), 'install', ...frameworks)));
    const servers = runHttpServers(app());
    timed('http servers', servers.run);
    expect([servers.run.status, servers.run.stderr, servers.result]).toEqual([
      0,
      '',
      { express: [200, true, 400, 'TENANT_UNRESOLVED'], fastify: [200, true, 400, 'TENANT_UNRESOLVED'] },
    ]);
  }, 120_000);
});

describe(`the packed library in an application on typeorm@${OLD_TYPEORM}`, () => {
  it('forced in (--force: npm warns of the conflicting peer and installs): enableTenancy refuses with the typed error (not a TypeError from a missing internal); nothing reaches the database', async () => {
    writeScratchApp(oldApp(), pkg.peerDependencies, OLD_TYPEORM);
    const install = timed(`install ${OLD_TYPEORM} --force`, npm(oldApp(), 'install', tarball, '--force'));
    expectSuccess(install);
    expect(install.stderr).toContain(`Conflicting peer dependency: typeorm@${SUPPORTED_TYPEORM_VERSION}`);
    expect(typeormCopies(oldApp())).toEqual([resolve(oldApp(), 'node_modules/typeorm')]);
    const { status, result, run: ran } = runScratchApp(oldApp(), 'postgres', oldPgUrl);
    timed(`app on ${OLD_TYPEORM}`, ran);
    expect([status, result]).toEqual([
      3,
      {
        refused: expect.objectContaining({
          name: 'TenancySetupError',
          code: 'TENANCY_SETUP_UNSUPPORTED',
          message: expect.stringMatching(new RegExp(`^TypeORM ${OLD_TYPEORM.replace(/\./g, '\\.')} \\(.*\\): not supported with tenancy\\..*npm install typeorm@`)),
        }),
        initialized: false,
      },
    ]);
    expect(await pgTables(oldPgUrl)).toEqual([]);
  }, 120_000);
});
