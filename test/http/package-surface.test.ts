import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Files of src reachable from `entry` by relative imports, and the packages they load at run time (type-only imports excluded). */
function importGraph(entry: string): { files: string[]; runtimePackages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [statement, spec] of [...source.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'|require\(\s*'([^']+)'\s*\)/g)].map((m) => [m[0], m[1] ?? m[2]] as const)) {
      if (!spec.startsWith('.')) {
        if (!/^(import|export) type\s/.test(statement)) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
      if (target) visit(target);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => f.slice(root.length + 1)).sort(), runtimePackages: [...packages].sort() };
}

describe('package surface of typeorm-tenancy/express and typeorm-tenancy/fastify', () => {
  it('subpath exports and typesVersions point at the built entries', () => {
    expect(pkg.exports['./express']).toEqual({ types: './dist/express/index.d.ts', default: './dist/express/index.js' });
    expect(pkg.exports['./fastify']).toEqual({ types: './dist/fastify/index.d.ts', default: './dist/fastify/index.js' });
    expect([pkg.typesVersions['*'].express, pkg.typesVersions['*'].fastify]).toEqual([['dist/express/index.d.ts'], ['dist/fastify/index.d.ts']]);
  });

  it('express and fastify: optional peers matching exact dev dependencies, never dependencies', () => {
    for (const name of ['express', 'fastify']) {
      expect([name, pkg.peerDependenciesMeta[name], pkg.dependencies[name]]).toEqual([name, { optional: true }, undefined]);
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pkg.peerDependencies[name]).toBe(`^${pkg.devDependencies[name]}`);
    }
  });

  it('the core entry reaches no HTTP module; the integrations load neither framework at run time (type imports only)', () => {
    const core = importGraph(join(root, 'src/index.ts'));
    expect(core.files.length).toBeGreaterThan(50);
    expect(core.files.filter((f) => /^src\/(http|express|fastify)\//.test(f))).toEqual([]);
    for (const entry of ['src/express/index.ts', 'src/fastify/index.ts']) {
      const graph = importGraph(join(root, entry));
      expect([entry, graph.runtimePackages.filter((p) => ['express', 'fastify'].includes(p))]).toEqual([entry, []]);
      expect(graph.files).toContain('src/http/to-http-error.ts');
    }
  });
});
