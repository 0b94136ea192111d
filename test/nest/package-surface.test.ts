import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every src file reachable by static imports from `entry`, and the packages they name. */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)'([^']+)'/g)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      if (target) visit(target);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => f.slice(root.length + 1)).sort(), packages: [...packages].sort() };
}

describe('package surface of typeorm-tenancy/nest and typeorm-tenancy/testing', () => {
  it('exports and typesVersions name both subpaths', () => {
    for (const sub of ['nest', 'testing']) {
      expect(pkg.exports[`./${sub}`]).toEqual({ types: `./dist/${sub}/index.d.ts`, default: `./dist/${sub}/index.js` });
      expect(pkg.typesVersions['*'][sub]).toEqual([`dist/${sub}/index.d.ts`]);
    }
  });

  it('Nest packages and nestjs-cls: optional peers, exact dev dependencies, never dependencies', () => {
    for (const name of ['@nestjs/common', '@nestjs/core', '@nestjs/typeorm', 'nestjs-cls']) {
      expect([name, pkg.peerDependenciesMeta[name], pkg.dependencies[name]]).toEqual([name, { optional: true }, undefined]);
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.peerDependencies[name]).toContain(`^${pkg.devDependencies[name]}`);
    }
  });

  it('statically: the core imports neither module nor Nest; nest imports only @nestjs/common, @nestjs/core and typeorm; testing no framework', () => {
    const core = importGraph(join(root, 'src/index.ts'));
    expect(core.files.filter((f) => /^src\/(nest|testing)\//.test(f))).toEqual([]);
    expect(core.packages.filter((p) => p.startsWith('@nestjs') || p === 'nestjs-cls')).toEqual([]);
    const nest = importGraph(join(root, 'src/nest/index.ts'));
    expect(nest.packages.filter((p) => !p.startsWith('node:') && !['typeorm', 'class-validator', 'uuidv7', 'reflect-metadata', 'crypto'].includes(p))).toEqual(['@nestjs/common', '@nestjs/core']);
    const testing = importGraph(join(root, 'src/testing/index.ts'));
    expect(testing.packages.filter((p) => p.startsWith('@nestjs') || p === 'jest' || p === '@jest')).toEqual([]);
  });

  it('at run time: require of the core entry loads no file of src/nest or src/testing, no Nest, no pg/mysql2 driver of the testing module', () => {
    const script =
      "require('reflect-metadata'); require('./src/index');" +
      "const loaded = Object.keys(require.cache);" +
      "console.log(JSON.stringify(loaded.filter((f) => /src\\/(nest|testing)\\/|node_modules\\/(@nestjs|nestjs-cls|rxjs)\\//.test(f))))";
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: root, encoding: 'utf8', timeout: 50_000 });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout.trim())).toEqual([]);
  }, 60_000);
});
