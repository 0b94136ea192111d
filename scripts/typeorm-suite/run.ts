/**
 * Runs TypeORM's own test suite twice per dialect and folder — without typeorm-tenancy and with
 * `enableTenancy` applied to every DataSource it initializes — and lists every test that passes
 * without the layer and fails with it. Fetches and builds nothing: it takes a TypeORM checkout
 * already compiled with its own `tsc` (`build/compiled`). See docs/scopes.md, "TypeORM's own suite".
 *
 * Usage: npm run typeorm-suite -- <typeorm-checkout> [--library <repo>] [--dialects postgres,mysql]
 *        [--folders uuid,columns] [--results <dir>] [--grep <text>] [--from-dist]
 *        [--tenancy-options '{"rowLevelSecurity":false}'] [--compare-only]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareReports, formatBroken, readReport } from './compare';
import { connectionOptions, DIALECTS, FOLDERS, SKIPPED, type SuiteDialect } from './suite-config';

/** Parsed command line of the runner. */
export interface SuiteArgs {
  checkout: string;
  library: string;
  dialects: SuiteDialect[];
  folders: string[];
  results: string;
  grep?: string;
  fromDist: boolean;
  /** Recompute the lists from the JSON reports of an earlier run, running nothing. */
  compareOnly: boolean;
  /** JSON passed as `enableTenancy`'s second argument (default: none). */
  tenancyOptions?: string;
}

/** Parses `argv` (without `node run.ts`); the library defaults to the repo this script lives in. */
export function parseArgs(argv: string[]): SuiteArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from-dist' || argv[i] === '--compare-only') flags.set(argv[i].slice(2), '1');
    else if (argv[i].startsWith('--')) flags.set(argv[i].slice(2), argv[++i] ?? '');
    else positional.push(argv[i]);
  }
  if (positional.length !== 1) throw new Error('usage: run.ts <compiled-typeorm-checkout> [--library <repo>] [--dialects …] [--folders …] [--results <dir>]');
  const list = (name: string, all: readonly string[]) => (flags.get(name)?.split(',').filter(Boolean) ?? [...all]);
  const dialects = list('dialects', DIALECTS) as SuiteDialect[];
  const unknown = dialects.filter((d) => !DIALECTS.includes(d));
  if (unknown.length) throw new Error(`unknown dialect(s) ${unknown.join(', ')}; known: ${DIALECTS.join(', ')}`);
  return {
    checkout: path.resolve(positional[0]),
    library: path.resolve(flags.get('library') ?? path.join(__dirname, '..', '..')),
    dialects,
    folders: list('folders', FOLDERS),
    results: path.resolve(flags.get('results') ?? path.join(os.tmpdir(), 'typeorm-suite-results')),
    grep: flags.get('grep'),
    fromDist: flags.has('from-dist'),
    compareOnly: flags.has('compare-only'),
    tenancyOptions: flags.has('tenancy-options') ? JSON.stringify(JSON.parse(flags.get('tenancy-options')!)) : undefined,
  };
}

/**
 * Points `build/compiled/src` at the library's installed TypeORM (the compiled original is kept as
 * `src.own`) and writes `ormconfig.json` (in `build/compiled` and the root) with one entry per dialect.
 * @returns the installed TypeORM's `package.json` text, to restore if a test deletes it.
 */
export function prepareCheckout(args: SuiteArgs): string {
  const compiled = path.join(args.checkout, 'build', 'compiled');
  if (!fs.existsSync(path.join(compiled, 'test', 'utils', 'test-utils.js'))) {
    throw new Error(`${compiled}/test is missing: compile the checkout first (npx tsc in ${args.checkout})`);
  }
  const typeorm = fs.realpathSync(path.join(args.library, 'node_modules', 'typeorm'));
  const src = path.join(compiled, 'src');
  const stat = fs.lstatSync(src, { throwIfNoEntry: false });
  // Idempotent, so that runs for other dialects can share the checkout while one is running.
  if (!stat?.isSymbolicLink() || fs.realpathSync(src) !== typeorm) {
    if (stat?.isSymbolicLink()) fs.unlinkSync(src);
    else if (stat) fs.renameSync(src, path.join(compiled, 'src.own'));
    fs.symlinkSync(typeorm, src, 'dir');
  }
  const config = JSON.stringify(DIALECTS.map(connectionOptions), null, 2);
  for (const ormconfig of [path.join(compiled, 'ormconfig.json'), path.join(args.checkout, 'ormconfig.json')]) {
    if (!fs.existsSync(ormconfig) || fs.readFileSync(ormconfig, 'utf8') !== config) fs.writeFileSync(ormconfig, config);
  }
  return fs.readFileSync(path.join(typeorm, 'package.json'), 'utf8');
}

/** `github-issues` and `other-issues` are top-level test folders; every other name is under `functional`. */
const folderDir = (folder: string): string => (folder.endsWith('-issues') ? folder : path.join('functional', folder));

function mochaRun(args: SuiteArgs, dialect: SuiteDialect, folder: string, tenancy: boolean): { json: string; seconds: number } {
  const base = path.join(args.results, 'runs', `${dialect}-${folder}.${tenancy ? 'tenancy' : 'plain'}`);
  if (args.compareOnly) return { json: `${base}.json`, seconds: 0 };
  const testRoot = path.join('build', 'compiled', 'test');
  const dir = folderDir(folder);
  const ignores = SKIPPED.filter((s) => s.dialects.includes(dialect)).flatMap((s) => ['--ignore', path.join(testRoot, s.dir, '**')]);
  const tsNode = require.resolve('ts-node/register/transpile-only', { paths: [__dirname] });
  const mocha = [
    path.join(args.checkout, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--exit', '--timeout', '90000',
    '--check-leaks', '--globals', 'allowedDriverRequire', '--file', path.join(testRoot, 'utils', 'test-setup.js'),
    '--require', tsNode, '--require', path.join(__dirname, 'hook.ts'),
    '--reporter', 'json', '--reporter-option', `output=${base}.json`,
    ...(args.grep ? ['--grep', args.grep] : []), path.join(testRoot, dir, '**', '*.test.js'), ...ignores,
  ];
  fs.rmSync(`${base}.json`, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env, TSUITE_CHECKOUT: args.checkout, TSUITE_DIALECT: dialect, TSUITE_PROBE: `${base}.probe.txt`,
    TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true',
    ...(tenancy ? { TSUITE_LIBRARY: args.library, TSUITE_TENANCY_OPTIONS: args.tenancyOptions ?? '' } : {}), ...(args.fromDist ? { TSUITE_FROM_DIST: '1' } : {}),
  };
  const log = fs.openSync(`${base}.log`, 'w');
  const started = Date.now();
  spawnSync(process.execPath, mocha, { cwd: args.checkout, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  return { json: `${base}.json`, seconds: Math.round((Date.now() - started) / 1000) };
}

/** One row of the summary table. */
interface Row { dialect: string; folder: string; plain: string; tenancy: string; broken: number; fixed: number; seconds: number }

function runFolder(args: SuiteArgs, dialect: SuiteDialect, folder: string): Row {
  const root = path.join(args.checkout, 'build', 'compiled') + path.sep;
  const plainRun = mochaRun(args, dialect, folder, false);
  const tenancyRun = mochaRun(args, dialect, folder, true);
  const plain = readReport(plainRun.json, root);
  const tenancy = readReport(tenancyRun.json, root);
  const probe = `${tenancyRun.json.replace(/\.json$/, '')}.probe.txt`;
  const live = fs.existsSync(probe) && !fs.readFileSync(probe, 'utf8').includes('NOT PATCHED');
  const { broken, fixed } = compareReports(plain, tenancy);
  const counts = (r: typeof plain) =>
    r.complete ? `${r.passed.size} passed / ${r.failed.size} failed / ${r.pending} pending / ${r.hooks.length} hooks failed` : 'NO REPORT (crashed?)';
  const head = [`# ${dialect} ${folder}: without ${counts(plain)}; with ${counts(tenancy)}; probe ${live ? 'live' : 'NOT LIVE (no DataSource initialized, or patches missing)'}`,
    `# ${broken.length} pass without the layer and fail with it; ${fixed.length} the other way`];
  fs.writeFileSync(path.join(args.results, `${dialect}-${folder}.txt`), head.join('\n') + '\n' + formatBroken(broken));
  console.log(head.join('\n'));
  for (const t of broken) console.log(`  ✗ ${t.title}\n      ${t.error}`);
  return { dialect, folder, plain: counts(plain), tenancy: counts(tenancy), broken: broken.length, fixed: fixed.length, seconds: plainRun.seconds + tenancyRun.seconds };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(path.join(args.results, 'runs'), { recursive: true });
  const packageJson = args.compareOnly ? fs.readFileSync(path.join(args.library, 'node_modules', 'typeorm', 'package.json'), 'utf8') : prepareCheckout(args);
  const typeormPackage = path.join(args.library, 'node_modules', 'typeorm', 'package.json');
  const commit = spawnSync('git', ['-C', args.checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const libraryCommit = spawnSync('git', ['-C', args.library, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  console.log(`TypeORM tests ${commit} against typeorm@${JSON.parse(packageJson).version}; library ${args.library} @ ${libraryCommit}` +
    `; enableTenancy options ${args.tenancyOptions ?? '(none)'}`);
  const rows: Row[] = [];
  for (const dialect of args.dialects) {
    for (const folder of args.folders) {
      if (!fs.existsSync(path.join(args.checkout, 'build', 'compiled', 'test', folderDir(folder)))) {
        console.log(`# ${dialect} ${folder}: no such folder in this TypeORM checkout, skipped`);
        continue;
      }
      rows.push(runFolder(args, dialect, folder));
      if (!fs.existsSync(typeormPackage)) fs.writeFileSync(typeormPackage, packageJson); // a test deleted it
    }
  }
  const table = ['| dialect | folder | without | with | pass→fail | fail→pass | seconds |', '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.dialect} | ${r.folder} | ${r.plain} | ${r.tenancy} | ${r.broken} | ${r.fixed} | ${r.seconds} |`)];
  const summary = `TypeORM ${commit}, library ${libraryCommit}, enableTenancy options ${args.tenancyOptions ?? '(none)'}, ` +
    `${new Date().toISOString()}\n\n${table.join('\n')}\n`;
  const name = `${args.dialects.join('+')}-${args.folders.length === 1 ? args.folders[0] : `${args.folders.length}-folders`}`;
  fs.writeFileSync(path.join(args.results, `summary-${name}.md`), summary);
  console.log(`\n${summary}\nresults: ${args.results}`);
  if (fs.readFileSync(typeormPackage, 'utf8') !== packageJson) throw new Error(`${typeormPackage} changed during the run`);
}

if (require.main === module) main();
