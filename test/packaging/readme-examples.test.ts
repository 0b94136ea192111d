import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as ts from 'typescript';
import { bundledMigrations } from '../../src/migrations';
import { openScratch } from '../support/scratch-database';
import { isAvailable, TARGETS } from '../support/targets';

const root = resolve(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
// Virtual files (never written) inside the repository, so 'typeorm' etc. resolve from node_modules.
const dir = join(root, 'test/packaging/__readme__');

interface Block {
  heading: string;
  source: string;
}

/** Every ```ts block of the README with the `##`/`###` heading it stands under. */
function tsBlocks(): Block[] {
  const blocks: Block[] = [];
  let heading = '';
  for (const part of readme.split(/(^```ts\n[\s\S]*?\n```$)/m)) {
    const code = /^```ts\n([\s\S]*?)\n```$/.exec(part);
    if (code) blocks.push({ heading, source: `${code[1]}\n` });
    else heading = [...part.matchAll(/^#{2,3} (.+)$/gm)].pop()?.[1] ?? heading;
  }
  return blocks;
}

const blocks = tsBlocks();
const under = (heading: string) => blocks.filter((b) => b.heading === heading);

/**
 * The block (anywhere in the README) that a relative import of `importer` names: the one exporting
 * every imported name. That is how the README shows an app's files: one block per file.
 */
function importedFiles(importerPath: string, source: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of source.matchAll(/^import \{([^}]*)\} from '(\.{1,2}\/[^']+)';$/gm)) {
    const names = m[1].split(',').map((n) => n.trim()).filter(Boolean);
    const block = blocks.find((b) => names.every((n) => new RegExp(`^export (?:class|const|function|async function|interface|type) ${n}\\b`, 'm').test(b.source)));
    if (!block) throw new Error(`README: no ts block exports ${names.join(', ')} (imported from '${m[2]}')`);
    files.set(join(dirname(importerPath), `${m[2]}.ts`), block.source);
  }
  return files;
}

/**
 * Fragments continue the example before them; the prelude says what the surrounding text provides
 * (stated in the README prose), and the body is pasted into an async function as is.
 */
const FRAGMENTS: Record<string, string> = {
  'Default scopes of your own':
    "import { DataSource, Repository } from 'typeorm';\n" +
    "import { Conference, defineScope, withTenant, withoutScopes } from 'typeorm-tenancy';\n" +
    'declare const dataSource: DataSource;\ndeclare const conferences: Repository<Conference>;\ndeclare const id: string;\n',
  'The database wall (PostgreSQL)':
    "import { DataSource } from 'typeorm';\n" +
    "import { bundledEntities, enableTenancy, withTenant } from 'typeorm-tenancy';\n" +
    'declare const acme: { id: string };\ndeclare const otherTenant: string;\n',
};

/** Every export of package.json (`.`, `./jobs`, …) mapped to its source: `./x` is `src/x/index.ts`. */
const SUBPATHS: Record<string, string[]> = Object.fromEntries(
  Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports)
    .filter((key) => key !== './package.json')
    .map((key) => [key === '.' ? 'typeorm-tenancy' : `typeorm-tenancy/${key.slice(2)}`, [key === '.' ? 'src/index.ts' : `src/${key.slice(2)}/index.ts`]]),
);

function typecheck(files: Map<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true,
    experimentalDecorators: true, emitDecoratorMetadata: true, strictPropertyInitialization: false,
    types: ['node'], baseUrl: root,
    paths: SUBPATHS,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (name) => [...files.keys()].some((f) => f.startsWith(`${name}/`)) || (directoryExists?.(name) ?? true);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(`${root}/`, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * The README's TypeScript examples typecheck as pasted (strict, CommonJS — so no top-level await —
 * with `typeorm-tenancy` mapped to this checkout's src): the main example with the migration file
 * it imports, and the fragments with what their prose provides. The "Background jobs" example is
 * checked by test/jobs/readme-example.test.ts (and against the packed tarball).
 */
describe('README TypeScript examples', () => {
  it('the main example and the migration it imports compile as pasted, with the schema migrated before use', () => {
    const [main] = under('Example');
    expect(main).toBeDefined();
    const mainPath = join(dir, 'example/app.ts');
    const files = new Map([[mainPath, main.source], ...importedFiles(mainPath, main.source)]);
    expect(typecheck(files)).toEqual([]);
    expect(files.size).toBeGreaterThan(1);
    // Shown as a user runs it: initialize, then the migrations, then queries.
    const body = main.source;
    const start = body.indexOf('async function main');
    expect(start).toBeGreaterThan(0);
    expect(body.indexOf('runMigrations()', start)).toBeGreaterThan(body.indexOf('initialize()', start));
    expect(body.indexOf('runMigrations()', start)).toBeLessThan(body.indexOf('.save(', start));
    expect(body).toMatch(/^main\(\)/m);
  }, 120_000);

  it('the fragments compile with what their prose provides', () => {
    const files = new Map<string, string>();
    for (const [heading, prelude] of Object.entries(FRAGMENTS)) {
      const found = under(heading);
      expect([heading, found.length]).toEqual([heading, 1]);
      files.set(join(dir, `${heading.replace(/\W+/g, '-').toLowerCase()}.ts`), `${prelude}export async function fragment() {\n${found[0].source}}\n`);
    }
    expect(typecheck(files)).toEqual([]);
  }, 120_000);

  it('every other ts block compiles as pasted on its own (one block, one file, its relative imports resolved)', () => {
    const [main] = under('Example');
    const mainPath = join(dir, 'example/app.ts');
    const covered = new Set([main.source, ...importedFiles(mainPath, main.source).values()]);
    const skipped = new Set(['Background jobs', ...Object.keys(FRAGMENTS)]); // the jobs test; the fragments above
    const files = new Map<string, string>();
    blocks
      .filter((b) => !skipped.has(b.heading) && !covered.has(b.source))
      .forEach((b, i) => {
        const path = join(dir, `block-${i + 1}/index.ts`);
        files.set(path, b.source);
        for (const [p, source] of importedFiles(path, b.source)) files.set(p, source);
      });
    if (files.size) expect(typecheck(files)).toEqual([]);
  }, 120_000);
});

/**
 * The main example also runs as written, on a fresh PostgreSQL database: the bundled migrations
 * and the example's own, a tenant, a stamped row, and the fail-closed read. Only the module
 * specifiers are pointed at this checkout and the final `main()` call is left to the test.
 */
describe('README main example at run time [postgres]', () => {
  const target = TARGETS.find((t) => t.name === 'postgres')!;
  const suite = isAvailable(target) ? it : it.skip;

  suite('migrates, stamps the tenant and fails closed without one', async () => {
    const scratch = await openScratch(target, { migrate: false, tenancy: false });
    const work = join(root, '.scratch', `readme-example-${randomBytes(4).toString('hex')}`);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const url = process.env.DATABASE_URL;
    try {
      const [main] = under('Example');
      const appPath = join(work, 'app.ts');
      const library = (source: string) => source.replace(/from 'typeorm-tenancy'/g, `from ${JSON.stringify(join(root, 'src/index'))}`);
      mkdirSync(work, { recursive: true });
      for (const [path, source] of importedFiles(appPath, main.source)) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, library(source));
      }
      expect(main.source).toMatch(/^main\(\)\.catch\(/m);
      writeFileSync(appPath, library(main.source).replace(/^main\(\)\.catch\([\s\S]*$/m, 'export { main };\n'));
      process.env.DATABASE_URL = scratch.url;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const app = require(appPath) as { main: () => Promise<void> };
      await app.main();
      expect(log).toHaveBeenCalledWith('TENANT_MISSING');
      const rows = await scratch.dataSource.query('SELECT s.title, s.tenant_id = t.id AS stamped, s.created_by FROM sponsorships s JOIN tenants t ON t.slug = $1', ['acme']);
      expect(rows).toEqual([{ title: 'Gold', stamped: true, created_by: null }]);
      const applied = await scratch.dataSource.query('SELECT count(*)::int AS n FROM migrations');
      expect(applied).toEqual([{ n: bundledMigrations.length + 1 }]);
    } finally {
      log.mockRestore();
      if (url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = url;
      rmSync(work, { recursive: true, force: true });
      await scratch.close();
    }
  }, 120_000);
});
