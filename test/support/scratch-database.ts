import { openTestDatabase, type TestDatabase, type TestDatabaseOptions } from '../../src/testing/open-test-database';
import { isAvailable, TARGETS, type Target } from './targets';

// The scratch database itself is `openTestDatabase` of `typeorm-tenancy/testing` (src/testing);
// these names stay for the tests written against them.

/** How a test file wants its scratch database. */
export type ScratchOptions = TestDatabaseOptions;

/** An initialized DataSource on a database of its own, dropped again by `close()`. */
export interface Scratch extends TestDatabase {
  readonly target: Target;
}

/** Creates a fresh database on `target`, runs the migrations and returns the handle. */
export async function openScratch(target: Target, options: ScratchOptions = {}): Promise<Scratch> {
  return (await openTestDatabase(target, options)) as Scratch;
}

/**
 * Declares `body` once per database target, each with its own scratch database; `target` lets a
 * test that applies to one family only be skipped visibly elsewhere (`(pg ? it : it.skip)(…)`). A server that is
 * down outside CI is skipped (global-setup printed why); in CI the run has already failed.
 *
 * @example
 * describeEachDatabase('notes', { entities: [Note], migrations: [CreateNotes] }, (db) => {
 *   it('inserts', async () => { await db().dataSource.getRepository(Note).insert(...) });
 * });
 */
export function describeEachDatabase(title: string, options: ScratchOptions, body: (db: () => Scratch, target: Target) => void): void {
  for (const target of TARGETS) {
    const suite = isAvailable(target) ? describe : describe.skip;
    suite(`${title} [${target.name}]`, () => {
      let scratch: Scratch | undefined;
      beforeAll(async () => {
        scratch = await openScratch(target, options);
      });
      afterAll(async () => {
        await scratch?.close();
      });
      body(() => {
        if (!scratch) throw new Error(`scratch database for ${target.name} failed to open`);
        return scratch;
      }, target);
    });
  }
}
