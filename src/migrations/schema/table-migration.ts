import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Dialect } from '../../dialect/dialect';
import { detectCitusProfile } from '../../dialect/citus/citus-profile';
import { dialectOf } from '../../dialect/dialect-of';
import type { TableDefinition } from '../../schema/table-definition';
import { shapeOf } from '../../schema/table-shape';
import { createShapedTable, forgetGeneratedColumns } from '../create-defined-table';
import { dropTable, type IgnoredRows } from '../ddl';
import { migrationName } from '../phase';

const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

// Raw INSERT with an explicit column list: a query builder without an entity omits the list,
// which the MySQL family rejects, and with the entity loaded it reads keys as property names.
async function insertSeed(queryRunner: QueryRunner, d: Dialect, def: TableDefinition): Promise<void> {
  const rows = def.seed?.() ?? [];
  const driver = queryRunner.connection.driver;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const columns = Object.keys(chunk[0]);
    const parameters: unknown[] = [];
    const tuples = chunk.map(
      (row) => `(${columns.map((c) => driver.createParameter(`seed${parameters.push(row[c])}`, parameters.length - 1)).join(', ')})`,
    );
    await queryRunner.query(`INSERT INTO ${d.quote(def.name)} (${columns.map(d.quote).join(', ')}) VALUES ${tuples.join(', ')}`, parameters);
  }
}

/**
 * The rows `up()` seeded, by the first one-column unique key they carry: a revert does not count
 * them as rows to keep (nor does `rehearse` count them as data).
 *
 * @example
 * seededRows(countriesDefinition); // { column: 'code', values: ['AD', 'AE', …] }
 */
export function seededRows(def: TableDefinition): IgnoredRows | undefined {
  const rows = def.seed?.() ?? [];
  const key = (def.uniques ?? []).find((u) => u.columns.length === 1 && rows.length > 0 && u.columns[0] in rows[0]);
  return key ? { column: key.columns[0], values: rows.map((r) => r[key.columns[0]]) } : undefined;
}

/**
 * The migration class of one bundled table definition: `Phase<nnnn>Create<Table><timestamp>`, creating the
 * table with its references, keys and indexes (and seed rows) on either dialect, and dropping it
 * on revert, refused while it holds rows other than its seed (see `dropTable`).
 *
 * @example
 * export const CreateVenues0201 = tableMigration(venues);
 */
export function tableMigration(def: TableDefinition): new () => MigrationInterface {
  if (def.phase === undefined) throw new TypeError(`tableMigration(${def.name}): a bundled definition needs its phase.`);
  const name = migrationName(def.phase, `Create${pascal(def.name)}`);
  return class implements MigrationInterface {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      await detectCitusProfile(queryRunner);
      const d = dialectOf(queryRunner.connection);
      await createShapedTable(queryRunner, d, shapeOf(def, d));
      await insertSeed(queryRunner, d, def);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await dropTable(queryRunner, def.name, { seeded: seededRows(def) });
      await forgetGeneratedColumns(queryRunner, def.name);
    }
  };
}
