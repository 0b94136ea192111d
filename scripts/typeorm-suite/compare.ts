import * as fs from 'fs';

/** One test (or failed hook) of a mocha JSON report. */
export interface Outcome {
  readonly key: string;
  readonly file: string;
  readonly title: string;
  readonly error?: string;
}

/** A mocha JSON report reduced to what the comparison needs; `complete` is false when mocha wrote none. */
export interface Report {
  readonly complete: boolean;
  readonly passed: Map<string, Outcome>;
  readonly failed: Map<string, Outcome>;
  readonly pending: number;
  /** Failed `before`/`after` hooks: the tests behind them do not run at all. */
  readonly hooks: Outcome[];
}

/** Tests that pass without the layer and do not pass with it, and the reverse. */
export interface Comparison {
  readonly broken: Outcome[];
  readonly fixed: Outcome[];
}

interface MochaTest { title: string; fullTitle: string; file?: string; err?: { message?: string } }

const firstLine = (message: string | undefined): string => (message ?? '').split('\n').find((l) => l.trim()) ?? '';

function outcome(t: MochaTest, root: string): Outcome {
  const file = (t.file ?? '').replace(root, '');
  return { key: `${file} :: ${t.fullTitle}`, file, title: t.fullTitle, error: t.err?.message ? firstLine(t.err.message) : undefined };
}

const HOOK = /"(before|after) (all|each)" hook/;

/** Keys by file and full title; a title repeated in one file (tests made in a loop) gets ` #2`, ` #3`… */
function distinct(outcomes: Outcome[]): Map<string, Outcome> {
  const map = new Map<string, Outcome>();
  for (const o of outcomes) {
    let key = o.key;
    for (let n = 2; map.has(key); n++) key = `${o.key} #${n}`;
    map.set(key, { ...o, key });
  }
  return map;
}

/**
 * Reads a mocha JSON report (`--reporter json --reporter-option output=…`). `root` is stripped from
 * file paths so that reports of two runs compare by test, not by location.
 *
 * @example
 * const plain = readReport('/tmp/r/postgres-uuid.plain.json', '/work/typeorm-src/build/compiled/');
 */
export function readReport(path: string, root: string): Report {
  if (!fs.existsSync(path)) return { complete: false, passed: new Map(), failed: new Map(), pending: 0, hooks: [] };
  const json = JSON.parse(fs.readFileSync(path, 'utf8')) as { passes: MochaTest[]; failures: MochaTest[]; pending: MochaTest[] };
  const passed = distinct(json.passes.map((t) => outcome(t, root)));
  const hooks = json.failures.filter((t) => HOOK.test(t.title)).map((t) => outcome(t, root));
  const failed = distinct(json.failures.filter((t) => !HOOK.test(t.title)).map((t) => outcome(t, root)));
  return { complete: true, passed, failed, pending: json.pending.length, hooks };
}

/**
 * Compares a run without the layer (`plain`) with a run with it (`tenancy`). A test that passed
 * plain and is missing from the tenancy run (a failed hook skipped it) counts as broken, with the
 * hook's error of the same file.
 */
export function compareReports(plain: Report, tenancy: Report): Comparison {
  const broken: Outcome[] = [];
  for (const [key, test] of plain.passed) {
    if (tenancy.passed.has(key)) continue;
    const failure = tenancy.failed.get(key) ?? tenancy.failed.get(key.replace(/ #\d+$/, ''));
    const hook = tenancy.hooks.find((h) => h.file === test.file);
    const error = failure?.error ?? (hook ? `(not run: ${hook.title}) ${hook.error ?? ''}` : '(not run with the layer)');
    broken.push({ ...test, error });
  }
  const fixed = [...tenancy.passed.values()].filter((t) => !plain.passed.has(t.key));
  return { broken, fixed };
}

/** The plain-text list other sessions read: one line per test, `file :: full title | first line of the error`. */
export function formatBroken(broken: readonly Outcome[]): string {
  return broken.map((t) => `${t.file} :: ${t.title} | ${t.error ?? ''}`).join('\n') + (broken.length ? '\n' : '');
}
