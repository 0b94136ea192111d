import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { BenchSection } from './section';

/**
 * Benchmark modules, each `run(): Promise<BenchSection>`; all run in this one process, except the
 * plain-TypeORM baselines of scope and rls, which run in a child (bench/baseline).
 * `BENCH_QUICK=1` cuts rounds to check that sections run (numbers meaningless).
 */
const modules: Array<[string, () => Promise<{ run(): Promise<BenchSection> }>]> = [
  ['uuid', () => import('./uuid.bench')],
  ['scope', () => import('./scope.bench')],
  ['rls', () => import('./rls.bench')],
  ['citus', () => import('./citus.bench')],
  ['schema', () => import('./schema.bench')],
  ['import', () => import('./import.bench')],
  // Last: cls-hooked, once loaded, slows every async operation in the process.
  ['context', () => import('./context.bench')],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: BenchSection[] = [];
  for (const [name, load] of modules) {
    if (only.length && !only.includes(name)) continue;
    console.log(`# ${name} …`);
    const section = await (await load()).run();
    console.log(section.markdown);
    sections.push(section);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const doc = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (this file is overwritten by each run). Every comparison is measured',
    'in the same run, rounds interleaved; plain-TypeORM baselines run in a separate process that loads',
    'none of the library (no patches, no AsyncLocalStorage), the library variants in the main process.',
    'Ratios matter more than absolute numbers.',
    '',
    `Last run: ${new Date().toISOString()} on ${machine}.`,
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n');
  if (only.length === 0 && process.env.BENCH_QUICK !== '1') writeFileSync('docs/benchmarks.md', doc);
  else console.log('(partial or quick run: docs/benchmarks.md not rewritten)');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
