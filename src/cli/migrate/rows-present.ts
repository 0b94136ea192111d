import type { DataSource } from 'typeorm';
import { listTables } from '../../dialect/catalog';
import { probeTableRows, type IgnoredRows } from '../../dialect/probe-table-rows';
import { seededRows } from '../../migrations/schema/table-migration';
import { bundledTableDefinitions } from '../doctor/run-doctor';
import { bookkeepingTables } from './catalog-snapshot';

/** The rows a bundled migration seeded itself (its `down()`'s rule): not data to protect. */
function seedOf(table: string): IgnoredRows | undefined {
  const def = bundledTableDefinitions.find((d) => d.name === table);
  return def ? seededRows(def) : undefined;
}

/**
 * The tables of the database that hold rows, with their counts (`'tenants: 3'`), counted past
 * row-level security as a revert's guard counts them (`probeTableRows`, inside a transaction that
 * is rolled back); TypeORM's bookkeeping tables and the seed rows of bundled tables do not count.
 * A table whose rows the connecting role cannot count is listed as such.
 *
 * @example
 * await tablesWithRows(dataSource); // ['tenants: 1 row']
 */
export async function tablesWithRows(dataSource: DataSource): Promise<string[]> {
  const skip = bookkeepingTables(dataSource);
  const tables = (await listTables(dataSource)).map((t) => t.name).filter((t) => !skip.includes(t));
  const found: string[] = [];
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    for (const name of tables) {
      const probe = await probeTableRows(queryRunner, { name }, seedOf(name));
      if ('uncountableAs' in probe) found.push(`${name}: rows not countable as ${probe.uncountableAs}`);
      else if (probe.rows > 0) found.push(`${name}: ${probe.atLeast ? 'at least ' : ''}${probe.rows} row${probe.rows === 1 ? '' : 's'}`);
    }
  } finally {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    await queryRunner.release();
  }
  return found;
}
