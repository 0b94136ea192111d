import { randomUUID } from 'node:crypto';
import { uuidv7 as packageUuidv7 } from 'uuidv7';
import { uuidv7 } from '../src/uuid';
import { median, type BenchSection } from './section';

const IDS_PER_ROUND = 200_000;
const ROUNDS = 9;

/** Ids per second of one round. Every call mutates generator or entropy state, so none is elided. */
function round(generate: () => string): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < IDS_PER_ROUND; i++) generate();
  return IDS_PER_ROUND / (Number(process.hrtime.bigint() - start) / 1e9);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Throughput of `uuidv7()` (our monotonic generator) against `crypto.randomUUID()` (v4), with the
 * `uuidv7` package's own function for reference. Rounds alternate between the generators so
 * drift (JIT, GC, CPU boost, neighbours) hits all of them alike; the median of each is reported.
 *
 * @example
 * npx ts-node --transpile-only bench/index.ts uuid
 */
export async function run(): Promise<BenchSection> {
  const contenders: Array<[string, () => string]> = [
    ['`uuidv7()` (typeorm-tenancy, v7)', uuidv7],
    ['`crypto.randomUUID()` (Node, v4)', randomUUID],
    ['`uuidv7()` of the `uuidv7` package', packageUuidv7],
  ];
  const rates = contenders.map(() => [] as number[]);
  for (const [, generate] of contenders) round(generate); // warm-up, not counted
  for (let r = 0; r < ROUNDS; r++) contenders.forEach(([, generate], i) => rates[i].push(round(generate)));
  const medians = rates.map(median);
  const v4 = medians[1];
  const rows = contenders.map(
    ([name], i) =>
      `| ${name} | ${fmt(medians[i])} | ${fmt(Math.min(...rates[i]))} – ${fmt(Math.max(...rates[i]))} | ${(medians[i] / v4).toFixed(2)} |`,
  );
  const markdown = [
    `${ROUNDS} interleaved rounds of ${IDS_PER_ROUND.toLocaleString('en-US')} string ids each, after one warm-up round.`,
    '',
    '| generator | ids/s (median) | range of rounds | × randomUUID |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    `uuidv7() / randomUUID() = **${(medians[0] / v4).toFixed(2)}**. Either is far below the cost of the INSERT it feeds.`,
  ].join('\n');
  return { title: 'UUIDv7 generation', markdown };
}
