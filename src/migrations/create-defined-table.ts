import type { QueryRunner } from 'typeorm';
import type { Dialect } from '../dialect/dialect';
import { detectCitusProfile } from '../dialect/citus/citus-profile';
import { dialectOf } from '../dialect/dialect-of';
import type { TableDefinition } from '../schema/table-definition';
import { shapeOf, type ColumnShape, type TableShape } from '../schema/table-shape';

/** The parts of TypeORM 1.1.1's schema builder used here (internal). */
interface MetadataTableBuilder {
  createTypeormMetadataTable(queryRunner: QueryRunner): Promise<void>;
}

/**
 * Files the expression of a generated column in TypeORM's `typeorm_metadata` table, as TypeORM
 * does when it creates such a column itself: its schema diff (`migration:generate`) reads the
 * expression from there and would otherwise re-create the column.
 *
 * @example
 * await recordGeneratedColumn(queryRunner, 'users', shape.columns.find((c) => c.generated)!);
 */
export async function recordGeneratedColumn(queryRunner: QueryRunner, table: string, column: ColumnShape): Promise<void> {
  const ds = queryRunner.connection;
  const d = dialectOf(ds);
  const metadataTable = ds.metadataTableName;
  if (!(await queryRunner.hasTable(metadataTable))) {
    const builder = ds.driver.createSchemaBuilder() as unknown as MetadataTableBuilder;
    if (typeof builder.createTypeormMetadataTable !== 'function') {
      throw new Error("typeorm-tenancy: TypeORM's schema builder changed shape (createTypeormMetadataTable); install typeorm@1.1.1.");
    }
    await builder.createTypeormMetadataTable(queryRunner);
  }
  const scope = await d.typeormMetadataScope(queryRunner);
  const values = [scope.database ?? null, scope.schema, table, 'GENERATED_COLUMN', column.name, column.generated];
  const parameters = values.map((_v, i) => ds.driver.createParameter(`p${i}`, i));
  const columns = ['database', 'schema', 'table', 'type', 'name', 'value'].map(d.quote).join(', ');
  await queryRunner.query(`INSERT INTO ${d.quote(metadataTable)} (${columns}) VALUES (${parameters.join(', ')})`, values);
}

/**
 * Removes what {@link recordGeneratedColumns} filed for `table` (on revert, with the table).
 *
 * @example
 * await forgetGeneratedColumns(queryRunner, 'users');
 */
export async function forgetGeneratedColumns(queryRunner: QueryRunner, table: string): Promise<void> {
  const ds = queryRunner.connection;
  if (!(await queryRunner.hasTable(ds.metadataTableName))) return;
  const d = dialectOf(ds);
  const scope = await d.typeormMetadataScope(queryRunner);
  const q = d.quote;
  await queryRunner.query(
    `DELETE FROM ${q(ds.metadataTableName)} WHERE ${q('type')} = 'GENERATED_COLUMN' AND ${q('schema')} = ${ds.driver.createParameter('p0', 0)} AND ${q('table')} = ${ds.driver.createParameter('p1', 1)}`,
    [scope.schema, table],
  );
}

/**
 * Creates a table exactly as its shape says: columns, primary key, unique constraints, checks and
 * foreign keys in CREATE TABLE; then comments, triggers, indexes, generated-column records and
 * row-level security; on a distributed database (Citus) then its placement and its foreign keys.
 * `extraConstraints` are raw table constraints of {@link createTenantTable}'s escape hatch.
 */
export async function createShapedTable(queryRunner: QueryRunner, d: Dialect, shape: TableShape, extraConstraints: string[] = []): Promise<void> {
  const q = d.quote;
  // Distributed (Citus): a table takes foreign keys only once it and its parents are placed, so
  // they are added after placement; on a single server they are part of CREATE TABLE.
  const keysAfter = d.placement !== undefined;
  const keys = [...shape.foreignKeys.map((f) => f.sql), ...extraConstraints];
  const body = [
    ...shape.columns.map((c) => c.sql),
    `CONSTRAINT ${q(`pk_${shape.name}`)} PRIMARY KEY (${shape.primaryKey.map(q).join(', ')})`,
    ...shape.uniqueConstraints.map((u) => `CONSTRAINT ${q(u.name)} UNIQUE (${u.columns.map(q).join(', ')})`),
    ...shape.checks.map((c) => c.sql),
    ...(keysAfter ? [] : keys),
  ];
  await queryRunner.query(`CREATE TABLE ${q(shape.name)} (\n  ${body.join(',\n  ')}\n)${d.tableSuffix(shape.comment)}`);
  const comments = [
    ...d.tableComment(shape.name, shape.comment),
    ...shape.columns.flatMap((c) => (c.spec.comment ? d.columnComment(shape.name, c.name, c.spec.comment) : [])),
  ];
  for (const sql of [...comments, ...shape.triggers, ...shape.indexes.map((i) => i.sql)]) await queryRunner.query(sql);
  for (const column of shape.columns.filter((c) => c.generated !== undefined)) await recordGeneratedColumn(queryRunner, shape.name, column);
  for (const sql of shape.rowSecurity) await queryRunner.query(sql);
  if (!keysAfter) return;
  // A table distributed in parallel cannot then take a foreign key to a reference table in the
  // same transaction ("parallel operation on a distributed table"): with `transaction: 'each'` every
  // migration is that transaction. Sequential shard work, this transaction only.
  if (shape.placement.length > 0 && queryRunner.isTransactionActive) await queryRunner.query(d.placement!.sequentialShards);
  for (const sql of shape.placement) await queryRunner.query(sql);
  for (const key of keys) await queryRunner.query(`ALTER TABLE ${q(shape.name)} ADD ${key}`);
}

/**
 * Creates the table of a definition on the query runner's database (either family).
 *
 * @example
 * await createDefinedTable(queryRunner, venues);
 */
export async function createDefinedTable(queryRunner: QueryRunner, def: TableDefinition, extraConstraints?: (d: Dialect) => string[]): Promise<void> {
  await detectCitusProfile(queryRunner);
  const d = dialectOf(queryRunner.connection);
  await createShapedTable(queryRunner, d, shapeOf(def, d), extraConstraints?.(d));
}
