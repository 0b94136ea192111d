/**
 * Mocha `--require` hook of the TypeORM-suite runner (`run.ts` sets the environment).
 *
 * - Always: narrows the checkout's `ormconfig.json` files (`build/compiled/` for test-utils, the
 *   root for `ConnectionOptionsReader` in the commands tests) to the one dialect of this process
 *   (`TSUITE_DIALECT`), so processes for different dialects can share one checkout.
 * - With `TSUITE_LIBRARY` set: wraps `DataSource.prototype.initialize` of the TypeORM copy the
 *   tests load (`build/compiled/src`, linked to the library's `node_modules/typeorm`) so that every
 *   DataSource the suite initializes gets `enableTenancy(dataSource, options)` first (options: the
 *   JSON in `TSUITE_TENANCY_OPTIONS`, default none);
 *   then a probe checks that the library's patches are live on that same copy and records it in
 *   `TSUITE_PROBE` (the runner refuses a run without a passing probe).
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';

const checkout = fs.realpathSync(required('TSUITE_CHECKOUT'));
const compiled = path.join(checkout, 'build', 'compiled');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`typeorm-suite hook: ${name} is not set (run it through scripts/typeorm-suite/run.ts)`);
  return value;
}

function narrowOrmconfig(dialect: string, file: string): void {
  if (!fs.existsSync(file)) return;
  file = fs.realpathSync(file);
  const entries = (JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ type: string }>).filter((e) => e.type === dialect);
  if (entries.length !== 1) throw new Error(`typeorm-suite hook: ${file} has no single "${dialect}" entry`);
  // TypeORM `require()`s these files: a cached module answers instead.
  const cached = new Module(file);
  Object.assign(cached, { filename: file, loaded: true, exports: entries });
  require.cache[file] = cached;
}

type Fn = (...args: unknown[]) => unknown;
const PROBED: Array<[string, string, string]> = [
  ['query-builder/QueryBuilder', 'QueryBuilder', 'createWhereExpression'],
  ['query-builder/SelectQueryBuilder', 'SelectQueryBuilder', 'buildJoinClause'],
  ['query-builder/InsertQueryBuilder', 'InsertQueryBuilder', 'execute'],
];

function prototypeOf(typeormDir: string, [file, cls]: [string, string, string]): Record<string, Fn> {
  return (require(path.join(typeormDir, file)) as Record<string, { prototype: Record<string, Fn> }>)[cls].prototype;
}

function installTenancy(library: string, probeFile: string): void {
  const typeormDir = fs.realpathSync(path.join(compiled, 'src'));
  const libraryTypeorm = path.dirname(fs.realpathSync(require.resolve('typeorm', { paths: [library] })));
  if (libraryTypeorm !== typeormDir) {
    throw new Error(`typeorm-suite hook: the tests load ${typeormDir}, the library loads ${libraryTypeorm}; run.ts links them`);
  }
  const before = PROBED.map((p) => prototypeOf(typeormDir, p)[p[2]]);
  const entry = process.env.TSUITE_FROM_DIST ? path.join(library, 'dist', 'index.js') : path.join(library, 'src', 'index.ts');
  const { enableTenancy } = require(entry) as { enableTenancy: (ds: unknown, options?: object) => void };
  const options = JSON.parse(process.env.TSUITE_TENANCY_OPTIONS || '{}') as object;
  const { DataSource } = require(typeormDir) as { DataSource: { prototype: { initialize: Fn; isInitialized: boolean } } };
  const initialize = DataSource.prototype.initialize;
  let probed = false;
  DataSource.prototype.initialize = function wrappedInitialize(this: { isInitialized: boolean }, ...args: unknown[]) {
    // An initialized DataSource: TypeORM's own error, not enableTenancy's.
    if (this.isInitialized) return initialize.apply(this, args);
    try {
      enableTenancy(this, options);
      if (!probed) probe();
    } catch (error) {
      return Promise.reject(error); // as initialize() itself would fail
    }
    return initialize.apply(this, args);
  };
  function probe(): void {
    probed = true;
    const lines = PROBED.map((p, i) => {
      const now = prototypeOf(typeormDir, p)[p[2]];
      const head = String(now).split('\n')[0].slice(0, 100);
      return `${now !== before[i] ? 'PATCHED' : 'NOT PATCHED'} ${p[1]}.prototype.${p[2]} = ${head}`;
    });
    const text = [`typeorm: ${typeormDir}`, `library: ${entry}`, `options: ${JSON.stringify(options)}`, ...lines].join('\n') + '\n';
    fs.writeFileSync(probeFile, text);
    process.stderr.write(`typeorm-suite probe:\n${text}`);
    if (text.includes('NOT PATCHED')) throw new Error("typeorm-suite hook: the patches are not live on the tests' TypeORM copy");
  }
}

for (const dir of [compiled, checkout]) narrowOrmconfig(required('TSUITE_DIALECT'), path.join(dir, 'ormconfig.json'));
if (process.env.TSUITE_LIBRARY) installTenancy(fs.realpathSync(process.env.TSUITE_LIBRARY), required('TSUITE_PROBE'));
