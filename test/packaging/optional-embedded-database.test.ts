import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedDatabaseMissingError } from '../../src/errors/embedded-database-missing-error';
import { EMBEDDED_DATABASE_PACKAGES, loadPglite } from '../../src/cli/load-pglite';

/**
 * PGlite and its socket server are optional peer dependencies: only the embedded default of the
 * CLI / createDataSource loads them. (The packed-library test shows the same with a real install
 * that lacks them: packed-library.test.ts.)
 */
describe('the embedded database is optional', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pack-embedded-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('package.json: optional peer dependencies at the tested versions, dev dependencies of the repo, no production dependency', () => {
    for (const [name, version] of Object.entries(EMBEDDED_DATABASE_PACKAGES)) {
      expect([name, pkg.peerDependencies[name], pkg.peerDependenciesMeta[name], pkg.devDependencies[name]]).toEqual([name, version, { optional: true }, version]);
      expect(pkg.dependencies[name]).toBeUndefined();
    }
  });

  it('resolved from a place without them, the embedded path fails with EMBEDDED_DATABASE_MISSING saying what to install or to pass --url', () => {
    const nowhere = join(scratch, 'app', 'index.js'); // resolution climbs scratch/app, scratch, tmpdir, /
    const error = (() => {
      try {
        loadPglite(nowhere);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EmbeddedDatabaseMissingError);
    expect(error).toMatchObject({
      code: 'EMBEDDED_DATABASE_MISSING',
      missingPackage: '@electric-sql/pglite',
      message: expect.stringContaining('`npm install @electric-sql/pglite@0.5.14 @electric-sql/pglite-socket@0.2.17`'),
    });
    expect((error as Error).message).toMatch(/or pass --url postgres:\/\/… \| mysql:\/\/… \| mariadb:\/\/… \(or set DATABASE_URL\)/);
  });

  it('with PGlite present but not its socket server, the message names the socket server', () => {
    const app = join(scratch, 'half');
    mkdirSync(join(app, 'node_modules', '@electric-sql'), { recursive: true });
    symlinkSync(resolve('node_modules/@electric-sql/pglite'), join(app, 'node_modules', '@electric-sql', 'pglite'), 'dir');
    expect(() => loadPglite(join(app, 'index.js'))).toThrow(
      expect.objectContaining({ code: 'EMBEDDED_DATABASE_MISSING', missingPackage: '@electric-sql/pglite-socket' }),
    );
  });

  it('installed (the repo has them as dev dependencies), both load', () => {
    const { PGlite, PGLiteSocketServer } = loadPglite();
    expect([typeof PGlite, typeof PGLiteSocketServer]).toEqual(['function', 'function']);
  });

  it('importing the main entry loads no @electric-sql module', () => {
    // A fresh process: Jest's own registry would not tell what a plain require loads.
    const script =
      "require('./src/index.ts');" +
      "const loaded = Object.keys(require.cache);" +
      "console.log(JSON.stringify({ total: loaded.length, typeorm: loaded.some((f) => f.includes('/node_modules/typeorm/')), electric: loaded.filter((f) => f.includes('@electric-sql')) }));";
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
    });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result).toMatchObject({ typeorm: true, electric: [] }); // the entry did load (typeorm is in), PGlite did not
    expect(result.total).toBeGreaterThan(100);
  }, 60_000);
});
