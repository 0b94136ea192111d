import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { bundledMigrations } from '../../src/migrations';
import { openScratch, type Scratch, type ScratchOptions } from './scratch-database';
import type { Target, TargetName } from './targets';

/**
 * The frozen SQL of the bundled migrations: what each migration's `up()` sends on a fresh database
 * of a target, and what its `down()` sends when all of them are reverted again, newest first. Shared
 * by test/migrations/frozen-sql.test.ts (compares with the committed snapshot) and
 * scripts/frozen-sql.ts (`npm run snapshots:sql`, rewrites it).
 *
 * @example
 * const scratch = await openScratch(target, FROZEN_SQL_SCRATCH);
 * const text = renderFrozenSql(target.name, await recordBundledMigrations(scratch));
 */

export const FROZEN_SQL_DIR = resolve(__dirname, '..', 'migrations', 'frozen-sql');

/** Path of the committed snapshot of one target. */
export const frozenSqlPath = (target: TargetName): string => join(FROZEN_SQL_DIR, `${target}.sql`);

export const FROZEN_SQL_MESSAGE =
  'Bundled migrations are frozen: a schema change is a new migration. Before the first release only, regenerate with `npm run snapshots:sql`.';

/** What one migration sent in one direction. */
export interface MigrationSql {
  readonly name: string;
  readonly direction: 'up' | 'down';
  readonly statements: string[];
}

/**
 * Scratch options for recording: nothing migrated on open, exactly `bundledMigrations` registered
 * (through `extra`, which replaces the list openScratch would start with its own migrations).
 */
export const FROZEN_SQL_SCRATCH: ScratchOptions = {
  migrate: false,
  extra: { migrations: bundledMigrations },
};

// UUIDv7 seed ids (countries, languages) are generated at migration time: the digest sees a
// placeholder, so it still changes with every other seed value, column or row count.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Replaces what differs per run in a text: the scratch database's random name. */
type Normalize = (text: string) => string;

/**
 * Short stable digest of a statement's parameters (values are not written to the snapshot).
 * `normalize` is applied to every string value first (the scratch database's name).
 */
export function parameterDigest(parameters: readonly unknown[], normalize: Normalize = (t) => t): string {
  const json = JSON.stringify(parameters, (_key, value: unknown) =>
    typeof value !== 'string' ? value : UUID_V7.test(value) ? '<uuidv7>' : normalize(value),
  );
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

function describeStatement(sql: string, parameters: readonly unknown[] | undefined, normalize: Normalize): string {
  const text = normalize(sql.trim());
  if (!parameters?.length) return text;
  return `${text}\n-- parameters: ${parameters.length} values, sha256 ${parameterDigest(parameters, normalize)}`;
}

/** Runs `body` with every `queryRunner.query` call recorded into `into` (nested calls once). */
async function recording<T>(queryRunner: QueryRunner, into: string[], normalize: Normalize, body: () => Promise<T>): Promise<T> {
  const own = Object.prototype.hasOwnProperty.call(queryRunner, 'query');
  const original = queryRunner.query;
  let depth = 0;
  queryRunner.query = async function (this: QueryRunner, sql: string, parameters?: unknown[], ...rest: unknown[]) {
    if (depth === 0) into.push(describeStatement(sql, parameters, normalize));
    depth++;
    try {
      return await (original as (...a: unknown[]) => Promise<unknown>).call(queryRunner, sql, parameters, ...rest);
    } finally {
      depth--;
    }
  } as QueryRunner['query'];
  try {
    return await body();
  } finally {
    if (own) queryRunner.query = original;
    else delete (queryRunner as { query?: unknown }).query;
  }
}

/**
 * Runs every bundled migration on the scratch database (opened with {@link FROZEN_SQL_SCRATCH}),
 * as `typeorm migration:run` does (`transaction: 'each'`), then reverts them all, newest first,
 * recording what each `up()` and `down()` sends through its QueryRunner. The migrations table,
 * transactions and everything else TypeORM sends around them are not recorded.
 */
export async function recordBundledMigrations(scratch: Scratch): Promise<MigrationSql[]> {
  const ds: DataSource = scratch.dataSource;
  const expected = bundledMigrations.map((m) => new m().name!);
  const registered = ds.migrations.map((m) => m.name ?? m.constructor.name);
  if ([...registered].sort().join() !== [...expected].sort().join()) {
    throw new Error(`frozen-sql: the scratch DataSource does not carry exactly bundledMigrations (open it with FROZEN_SQL_SCRATCH)`);
  }
  const normalize = scratchNames(scratch);
  const records: MigrationSql[] = [];
  const originals = ds.migrations.map((m) => [m, m.up, m.down] as const);
  for (const migration of ds.migrations) {
    const name = migration.name ?? migration.constructor.name;
    const wrap = (direction: 'up' | 'down', run: MigrationInterface['up']) =>
      async function (this: MigrationInterface, queryRunner: QueryRunner) {
        const statements: string[] = [];
        records.push({ name, direction, statements });
        try {
          await recording(queryRunner, statements, normalize, () => run.call(migration, queryRunner));
        } catch (error) {
          // Name the migration: TypeORM's own error says only what the database refused.
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`frozen-sql: ${name} ${direction}() failed on ${scratch.target.name} (after ${statements.length} statements): ${reason}`, { cause: error });
        }
      };
    migration.up = wrap('up', migration.up);
    migration.down = wrap('down', migration.down);
  }
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (ran.map((m) => m.name).join() !== expected.join()) {
      throw new Error(`frozen-sql: migrations ran as ${ran.map((m) => m.name).join(', ')}; expected bundledMigrations order ${expected.join(', ')}`);
    }
    for (let i = 0; i < expected.length; i++) await ds.undoLastMigration({ transaction: 'each' });
  } finally {
    for (const [m, up, down] of originals) Object.assign(m, { up, down });
  }
  const ups = records.filter((r) => r.direction === 'up').map((r) => r.name);
  const downs = records.filter((r) => r.direction === 'down').map((r) => r.name);
  if (ups.join() !== expected.join() || downs.join() !== [...expected].reverse().join()) {
    throw new Error(`frozen-sql: not every bundled migration ran up and down exactly once (ups: ${ups.length}, downs: ${downs.length})`);
  }
  return records;
}

/**
 * The scratch database's own name is random per run (TypeORM's helpers send it, e.g. in
 * `information_schema` lookups and `typeorm_metadata` rows): it is written as `<database>`.
 */
function scratchNames(scratch: Scratch): Normalize {
  const database = /\/([^/?]+)(\?.*)?$/.exec(scratch.url)?.[1];
  return database && database.startsWith('tt_') ? (text) => text.split(database).join('<database>') : (text) => text;
}

/** Opens a fresh scratch database on `target`, records the bundled migrations and drops it again. */
export async function recordTarget(target: Target): Promise<MigrationSql[]> {
  const scratch = await openScratch(target, FROZEN_SQL_SCRATCH);
  try {
    return await recordBundledMigrations(scratch);
  } finally {
    await scratch.close();
  }
}

const header = (r: Pick<MigrationSql, 'name' | 'direction'>) => `-- ${r.name} ${r.direction}`;

/** The snapshot file of one target: a header line per migration and direction, then its statements, each ending in `;`. */
export function renderFrozenSql(target: TargetName, records: readonly MigrationSql[]): string {
  const out = [
    `-- Frozen SQL of the bundled migrations on ${target}: what each up() sends on a fresh database, then`,
    '-- what each down() sends reverting them all, newest first (test/migrations/frozen-sql.test.ts).',
    '-- Generated by `npm run snapshots:sql` (scripts/frozen-sql.ts); do not edit. Parameter values are',
    '-- written as a count and a sha256 of their JSON (generated UUIDv7 ids read as "<uuidv7>").',
    '',
  ];
  for (const r of records) {
    out.push(header(r));
    out.push(...(r.statements.length ? r.statements.map((s) => `${s};`) : ['-- (no statements)']));
    out.push('');
  }
  return out.join('\n');
}

/** Sections of a snapshot by header line (`-- <name> up|down`), each split into statements. */
function sections(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const lines = text.split('\n');
  let current: string[] | undefined;
  let body: string[] = [];
  const flush = () => {
    if (current) current.push(...body.join('\n').split(/;\n/).map((s) => s.replace(/;\s*$/, '').trim()).filter((s) => s && s !== '-- (no statements)'));
    body = [];
  };
  for (const line of lines) {
    const m = /^-- (\S+) (up|down)$/.exec(line);
    if (m) {
      flush();
      current = [];
      map.set(`${m[1]} ${m[2]}`, current);
    } else if (current) body.push(line);
  }
  flush();
  return map;
}

const clip = (s: string | undefined) => (s === undefined ? '(none)' : s.length > 600 ? `${s.slice(0, 600)}…` : s);

/**
 * Undefined when `generated` equals the committed snapshot; otherwise a message naming the first
 * migration whose SQL differs and its first differing statement.
 */
export function frozenSqlDifference(target: TargetName, committed: string | undefined, generated: string): string | undefined {
  if (committed === generated) return undefined;
  const file = `test/migrations/frozen-sql/${target}.sql`;
  if (committed === undefined) return `${file} is missing.\n${FROZEN_SQL_MESSAGE}`;
  const before = sections(committed);
  const after = sections(generated);
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    if (!a) return `${key}: not in ${file} (a new or renamed bundled migration).\n${FROZEN_SQL_MESSAGE}`;
    if (!b) return `${key}: in ${file} but no longer emitted (a removed or renamed bundled migration).\n${FROZEN_SQL_MESSAGE}`;
    const i = Array.from({ length: Math.max(a.length, b.length) }, (_, n) => n).find((n) => a[n] !== b[n]);
    if (i !== undefined) {
      return (
        `${key}: the SQL differs from ${file} at statement ${i + 1} of ${b.length} (snapshot: ${a.length}).\n` +
        `  snapshot: ${clip(a[i])}\n  emitted:  ${clip(b[i])}\n${FROZEN_SQL_MESSAGE}`
      );
    }
  }
  const a = before.size ? [...before.keys()] : [];
  const b = [...after.keys()];
  if (a.join() !== b.join()) return `${file}: the migrations run in another order than the snapshot says.\n${FROZEN_SQL_MESSAGE}`;
  return `${file} differs outside the statements (header or spacing).\n${FROZEN_SQL_MESSAGE}`;
}
