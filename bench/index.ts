import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
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

/** Section titles, for a section that failed before it could give its own. */
const TITLES: Record<string, string> = {
  uuid: 'UUIDv7 generation',
  scope: 'Scope layer vs plain TypeORM',
  rls: 'Row-level security wall (PostgreSQL)',
  citus: 'Citus coordinator: scope + wall vs plain TypeORM',
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: BenchSection[] = [];
  for (const [name, load] of modules) {
    if (only.length && !only.includes(name)) continue;
    console.log(`# ${name} …`);
    const load1 = loadavg()[0];
    // A section that fails is reported as not measured; the others are still written.
    const section = await (await load()).run().catch((error: unknown): BenchSection => {
      console.error(error);
      return { title: TITLES[name] ?? name, markdown: `**Not measured**: the section failed: \`${String((error as Error)?.message ?? error).split('\n')[0]}\`.` };
    });
    section.markdown = `Load average (1 min) at the start and the end of the section: ${load1.toFixed(2)}, ${loadavg()[0].toFixed(2)} on ${cpus().length} cores.\n\n${section.markdown}`;
    console.log(section.markdown);
    sections.push(section);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const doc = [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (a full run overwrites this file; `npm run bench -- <section>` replaces that',
    'section only, and says so under its heading). Every comparison is measured',
    'in the same run, rounds interleaved; plain-TypeORM baselines run in a separate process that loads',
    'none of the library (no patches, no AsyncLocalStorage), the library variants in the main process.',
    'Ratios matter more than absolute numbers.',
    '',
    `Last run: ${new Date().toISOString()} on ${machine}.`,
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n');
  if (process.env.BENCH_QUICK === '1') console.log('(quick run: docs/benchmarks.md not rewritten)');
  else if (only.length === 0) writeFileSync('docs/benchmarks.md', doc);
  else writeFileSync('docs/benchmarks.md', replaceSections(readFileSync('docs/benchmarks.md', 'utf8'), sections, machine));
}

/**
 * `npm run bench -- rls`: the named sections replace theirs in docs/benchmarks.md, each saying it
 * was re-run alone (the others keep the date of the last full run).
 */
function replaceSections(doc: string, sections: BenchSection[], machine: string): string {
  for (const s of sections) {
    const heading = `## ${s.title}\n`;
    const start = doc.indexOf(heading);
    const body = `${heading}\n_Re-run alone: ${new Date().toISOString()} on ${machine}; the other sections are from the last full run._\n\n${s.markdown}\n\n`;
    if (start < 0) {
      doc = `${doc.trimEnd()}\n\n${body}`;
      continue;
    }
    const next = doc.indexOf('\n## ', start + heading.length);
    doc = doc.slice(0, start) + body + (next < 0 ? '' : doc.slice(next + 1));
  }
  return doc.trimEnd() + '\n';
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
