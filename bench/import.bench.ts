import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median, type BenchSection } from './section';

const root = resolve(__dirname, '..');
const ROUNDS = 7;
/** Packages the core import must not load (the CLI's embedded database, frameworks, queues). */
const HEAVY = ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'express', 'fastify', '@nestjs/core', '@nestjs/common', 'bullmq', 'ioredis', 'pg', 'mysql2'];

interface Load {
  ms: number;
  modules: number;
  heavy: string[];
}

/** One fresh `node` process: time of `require(spec)` (after reflect-metadata), modules it added, heavy packages among them. */
function load(spec: string): Load {
  const script = `
    require('reflect-metadata');
    const before = new Set(Object.keys(require.cache));
    const start = process.hrtime.bigint();
    require(${JSON.stringify(spec)});
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const added = Object.keys(require.cache).filter((m) => !before.has(m));
    const heavy = ${JSON.stringify(HEAVY)}.filter((p) => added.some((m) => m.includes('/node_modules/' + p + '/')));
    process.stdout.write(JSON.stringify({ ms, modules: added.length, heavy }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as Load;
}

/**
 * What `require('typeorm-tenancy')` costs against `require('typeorm')` alone (the app loads TypeORM
 * anyway): wall time of the require in a fresh process (median of 7, processes alternated), modules
 * added, and whether the CLI's embedded database, a framework, a queue or a driver came with it.
 * Reads the built package (`npm run build` first); the subpaths are listed for comparison.
 *
 * @example
 * npm run build && npx ts-node --transpile-only bench/index.ts import
 */
export async function run(): Promise<BenchSection> {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('bench import: run `npm run build` first (it measures dist/).');
  const specs: Array<[string, string]> = [
    ['`typeorm` alone', 'typeorm'],
    ['`typeorm-tenancy`', './dist/index.js'],
    ['`typeorm-tenancy/jobs`', './dist/jobs/index.js'],
    ['`typeorm-tenancy/express`', './dist/express/index.js'],
    ['`typeorm-tenancy/testing`', './dist/testing/index.js'],
    ['`typeorm-tenancy/observability`', './dist/observability/index.js'],
    ['`typeorm-tenancy/cli`', './dist/cli/index.js'],
  ];
  const runs = new Map<string, Load[]>(specs.map(([name]) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [name, spec] of r % 2 ? [...specs].reverse() : specs) runs.get(name)!.push(load(spec));
  const rows = specs.map(([name]) => {
    const loads = runs.get(name)!;
    const last = loads[loads.length - 1];
    return { name, ms: median(loads.map((l) => l.ms)), modules: last.modules, heavy: last.heavy };
  });
  const base = rows[0].ms;
  const core = rows[1];
  return {
    title: 'Import cost of the core and the subpaths',
    markdown: [
      '`require(…)` in a fresh Node process after `reflect-metadata`, median of 7 (processes alternated); modules the',
      'require added; packages among them that the core must not pull in (embedded PostgreSQL, frameworks, queues,',
      'drivers). The library loads TypeORM itself, so the core row includes it.',
      '',
      '| import | median | modules added | heavy packages loaded |',
      '| --- | ---: | ---: | --- |',
      ...rows.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} ms | ${r.modules} | ${r.heavy.length ? r.heavy.join(', ') : 'none'} |`),
      '',
      `- The core costs ${(core.ms / base).toFixed(2)}× \`require('typeorm')\` alone and loads ${core.heavy.length ? core.heavy.join(', ') : 'none of the heavy packages'}.`,
    ].join('\n'),
  };
}
