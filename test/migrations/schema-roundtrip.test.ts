import type { DataSource } from 'typeorm';
import { CreateTenants0100 } from '../../src/migrations/0100-create-tenants';
import { schemaMigrations, schemaTables, tableMigration } from '../../src/migrations/schema';
import { listLooseObjects, listTables, snapshotSchema } from '../support/schema-inspect';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * Every bundled migration reverts cleanly and runs again to the very same schema: columns (type,
 * nullability, default, generation, comment), indexes (columns, INCLUDE, predicate, method),
 * foreign keys with their rules, checks and triggers, read from the catalogs before and after.
 */

const nameOf = (M: new () => { name?: string }) => new M().name ?? M.name;
/** Scratch databases run the `tenants` migration, then these: every table of the schema. */
const migrations = schemaMigrations;

/** The table each migration creates, by migration name (tenants: its own migration). */
const tableOf = new Map<string, string>([
  ...schemaTables.map((t) => [nameOf(tableMigration(t)), t.name] as [string, string]),
  [nameOf(CreateTenants0100), 'tenants'],
]);

async function executed(ds: DataSource): Promise<string[]> {
  const table = ds.driver.escape('migrations');
  return (await ds.query(`SELECT ${ds.driver.escape('name')} AS name FROM ${table} ORDER BY ${ds.driver.escape('id')} DESC`)).map(
    (r: { name: string }) => r.name,
  );
}

async function seededCounts(ds: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const def of schemaTables.filter((t) => t.seed)) {
    counts[def.name] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${ds.driver.escape(def.name)}`))[0].n);
  }
  return counts;
}

describeEachDatabase('schema round trip', { migrations, tenancy: false }, (db) => {
  it('run all → revert all one by one → only `migrations` left → run again → identical schema', async () => {
    const ds = db().dataSource;
    const first = await snapshotSchema(ds);
    const seeds = await seededCounts(ds);
    expect(first.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['tenants', ...schemaTables.map((t) => t.name)]));
    expect(first.columns.length).toBeGreaterThan(0);

    // Each revert drops exactly the table its migration created (and nothing else).
    const problems: string[] = [];
    let names = (await listTables(ds)).map((t) => t.name);
    for (let name = (await executed(ds))[0]; name !== undefined; name = (await executed(ds))[0]) {
      await ds.undoLastMigration({ transaction: 'each' });
      const now = (await listTables(ds)).map((t) => t.name);
      const dropped = names.filter((t) => !now.includes(t));
      const expected = tableOf.get(name);
      if (expected && (dropped.length !== 1 || dropped[0] !== expected)) problems.push(`${name}: dropped [${dropped}], expected ${expected}`);
      if (now.some((t) => !names.includes(t))) problems.push(`${name}: created tables on revert`);
      names = now;
    }
    expect(problems).toEqual([]);
    expect(names).toEqual(['migrations', 'typeorm_metadata']);
    expect(await listLooseObjects(ds)).toEqual([]);

    await ds.runMigrations({ transaction: 'each' });
    const second = await snapshotSchema(ds);
    // Compared part by part so a difference names its kind.
    for (const part of Object.keys(first) as Array<keyof typeof first>) expect([part, second[part]]).toEqual([part, first[part]]);
    expect(await seededCounts(ds)).toEqual(seeds);
  });
});
