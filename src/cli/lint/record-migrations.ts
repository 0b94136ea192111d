import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { listForeignKeys, listIndexes, listTables } from '../../dialect/catalog';
import { recordStatements, type RecordedStatement } from '../migrate/statement-recorder';

/**
 * One pending migration as it ran on the scratch database.
 *
 * @example
 * run.migrations.map((m: RecordedMigration) => [m.name, m.statements.length]);
 */
export interface RecordedMigration {
  name: string;
  instance: MigrationInterface;
  statements: RecordedStatement[];
  /** What exists right after it ran: tables, and `table\0name` of indexes and foreign keys. */
  after: { tables: Set<string>; indexes: Set<string>; foreignKeys: Set<string> };
}

/**
 * What {@link recordPendingMigrations} ran.
 *
 * @example
 * const { migrations, failed }: ScratchRun = await recordPendingMigrations(scratch, executed, 'each');
 */
export interface ScratchRun {
  migrations: RecordedMigration[];
  /** The pending migration that failed (later ones did not run), and why. */
  failed?: { name: string; error: string };
}

/**
 * The name TypeORM records a migration under.
 *
 * @example
 * dataSource.migrations.map(migrationNameOf); // ['CreateNotes1767400000000', …]
 */
export const migrationNameOf = (m: MigrationInterface): string => m.name ?? m.constructor.name;

/** Every statement sent through `runner` while `fn` runs: the recorder `migrate` records with (all of them sent). */
async function recording(runner: QueryRunner, into: RecordedStatement[], fn: () => Promise<unknown>): Promise<void> {
  const recorder = recordStatements(runner, 'execute');
  recorder.bucket = into;
  try {
    await fn();
  } finally {
    recorder.restore();
  }
}

async function objectsOf(runner: QueryRunner): Promise<RecordedMigration['after']> {
  const key = (o: { table: string; name: string }) => `${o.table}\0${o.name}`;
  return {
    tables: new Set((await listTables(runner)).map((t) => t.name)),
    indexes: new Set((await listIndexes(runner)).map(key)),
    foreignKeys: new Set((await listForeignKeys(runner)).map(key)),
  };
}

/**
 * On the (initialized, empty) scratch DataSource: runs the migrations the target has executed,
 * then the pending ones, each in TypeORM's own migration run (its transaction mode, `transaction =
 * false` honoured), recording the statements every pending migration sends and the objects that
 * exist after it. A failing migration (pending, or executed and replayed) stops the run and is
 * reported, not thrown.
 *
 * @example
 * const run = await recordPendingMigrations(scratch, new Set(['Init1767225700000']), 'each');
 */
export async function recordPendingMigrations(scratch: DataSource, executed: ReadonlySet<string>, transaction: 'all' | 'each' | 'none'): Promise<ScratchRun> {
  const all = [...scratch.migrations];
  const list = scratch.migrations as MigrationInterface[];
  const migrations: RecordedMigration[] = [];
  let current: string | undefined;
  for (const instance of all) {
    const up = instance.up.bind(instance);
    instance.up = async (runner: QueryRunner) => {
      current = migrationNameOf(instance);
      if (executed.has(current)) return up(runner);
      const statements: RecordedStatement[] = [];
      await recording(runner, statements, () => up(runner));
      migrations.push({ name: current, instance, statements, after: await objectsOf(runner) });
    };
  }
  // The server's DETAIL says why (Citus: which key action it does not support); TypeORM keeps it on the error.
  const detailOf = (error: unknown) => {
    const detail = (error as { detail?: unknown; driverError?: { detail?: unknown } })?.detail ?? (error as { driverError?: { detail?: unknown } })?.driverError?.detail;
    return typeof detail === 'string' && detail ? ` (${detail})` : '';
  };
  const fail = (error: unknown, what: string) => ({ name: current ?? what, error: `${error instanceof Error ? error.message : String(error)}${detailOf(error)}` });
  list.splice(0, list.length, ...all.filter((m) => executed.has(migrationNameOf(m))));
  try {
    if (list.length) await scratch.runMigrations({ transaction });
  } catch (error) {
    const failed = fail(error, '(replaying the executed migrations)');
    return { migrations: [], failed: { ...failed, error: `replaying this migration, which the target has executed, failed: ${failed.error}` } };
  }
  list.splice(0, list.length, ...all);
  current = undefined;
  try {
    await scratch.runMigrations({ transaction });
  } catch (error) {
    const failed = fail(error, '(before the first pending migration)');
    // A transaction rolled back with the failed migration: its record describes nothing that stays.
    return { migrations: migrations.filter((m) => m.name !== failed.name), failed };
  }
  return { migrations };
}
