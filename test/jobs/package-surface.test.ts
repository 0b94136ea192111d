import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every file of src reachable by static imports/requires from `entry` (relative specifiers only), and the packages they name. */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)'([^']+)'/g)) {
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

describe('package surface of typeorm-tenancy/jobs', () => {
  it('exports map: ".", "./jobs" and "./package.json", matching main/types; typesVersions for moduleResolution node', () => {
    // Other subpaths (nest, testing, …) have their own surface tests; these entries must stay as they are.
    expect(pkg.exports).toMatchObject({
      '.': { types: `./${pkg.types}`, default: `./${pkg.main}` },
      './jobs': { types: './dist/jobs/index.d.ts', default: './dist/jobs/index.js' },
      './express': { types: './dist/express/index.d.ts', default: './dist/express/index.js' }, // test/http/package-surface.test.ts
      './fastify': { types: './dist/fastify/index.d.ts', default: './dist/fastify/index.js' },
      './package.json': './package.json',
    });
    expect(pkg.typesVersions).toMatchObject({ '*': { jobs: ['dist/jobs/index.d.ts'] } });
    expect(pkg.bin).toEqual({ 'typeorm-tenancy': 'dist/cli/main.js' });
    expect(existsSync(join(root, 'src/jobs/index.ts'))).toBe(true);
  });

  it('bullmq: an optional peer dependency and an exact dev dependency, never a dependency', () => {
    expect([pkg.peerDependencies.bullmq, pkg.peerDependenciesMeta.bullmq, pkg.dependencies.bullmq]).toEqual([expect.stringMatching(/^\^6\./), { optional: true }, undefined]);
    expect(pkg.devDependencies.bullmq).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.peerDependencies.bullmq).toBe(`^${pkg.devDependencies.bullmq}`);
  });

  it('the core entry imports neither the jobs module nor bullmq; the jobs module imports no package (only node: builtins)', () => {
    const core = importGraph(join(root, 'src/index.ts'));
    expect(core.files.length).toBeGreaterThan(50); // the walk follows the whole core
    expect(core.files.filter((f) => f.startsWith('src/jobs/'))).toEqual([]);
    expect(core.packages).not.toContain('bullmq');
    expect(core.packages).not.toContain('ioredis');
    const jobs = importGraph(join(root, 'src/jobs/index.ts'));
    expect(jobs.packages.filter((p) => !p.startsWith('node:'))).toEqual([]); // node:async_hooks, through the context store
    expect(jobs.files.every((f) => /^src\/(jobs|errors|tenancy|uuid)\//.test(f))).toBe(true);
  });
});
