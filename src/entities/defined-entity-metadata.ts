import type { DataSource, EntityMetadata } from 'typeorm';
import { CheckMetadata } from 'typeorm/metadata/CheckMetadata';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ForeignKeyMetadata } from 'typeorm/metadata/ForeignKeyMetadata';
import { IndexMetadata } from 'typeorm/metadata/IndexMetadata';
import { UniqueMetadata } from 'typeorm/metadata/UniqueMetadata';
import type { Dialect } from '../dialect/dialect';
import { dialectOf } from '../dialect/dialect-of';
import { SchemaDefinitionError } from '../errors';
import { sqlDefault } from '../schema/column-shape';
import { NOW } from '../schema/table-definition';
import { shapeOf, type TableShape } from '../schema/table-shape';
import { definitionOf, relationWantsNoKey } from './defined-entity';

function columnOf(metadata: EntityMetadata, name: string): ColumnMetadata {
  const column = metadata.columns.find((c) => c.databaseName === name);
  if (!column) throw new SchemaDefinitionError(metadata.tableName, `the entity ${metadata.name} has no column ${name}`, 'Map every column of the definition to a property.');
  return column;
}

function tableOf(dataSource: DataSource, from: EntityMetadata, table: string): EntityMetadata {
  const target = dataSource.entityMetadatas.find((m) => m.tableName === table && m.tableType !== 'entity-child');
  if (!target) {
    throw new SchemaDefinitionError(
      from.tableName,
      `its definition references ${table}, which has no entity in this DataSource`,
      `Add the entity of ${table} to the DataSource's entities (e.g. Tenant, or bundledEntities), or TypeORM's schema diff would drop the key.`,
    );
  }
  return target;
}

/** Columns: comments, and the default whose SQL depends on the dialect (now). */
function applyColumns(d: Dialect, metadata: EntityMetadata, shape: TableShape): void {
  for (const c of shape.columns) {
    const column = columnOf(metadata, c.name);
    column.comment = c.spec.comment;
    const value = c.spec.default;
    if (value === NOW) {
      const sql = sqlDefault(d, c.spec)!;
      if (!column.isCreateDate && !column.isUpdateDate) column.default = () => sql;
    }
  }
}

/**
 * A relation that owns its join columns gets its database key from the definition only (the
 * definition replaces what TypeORM derives from relations), so one whose columns no declared
 * reference covers would have none at all: refused, unless the relation says it wants no key.
 */
function refuseRelationsWithoutKey(metadata: EntityMetadata, shape: TableShape): void {
  for (const relation of metadata.relations) {
    if (!relation.isOwning || relation.joinColumns.length === 0 || relationWantsNoKey(metadata.target, relation.propertyName)) continue;
    const table = relation.inverseEntityMetadata.tableName;
    // The Vitess profile keeps its keys out of the database, not out of the definition.
    const covered = [...shape.foreignKeys, ...(shape.unenforcedKeys ?? [])].some((f) => f.refTable === table && relation.joinColumns.every((c) => f.columns.includes(c.databaseName)));
    if (covered) continue;
    throw new SchemaDefinitionError(
      metadata.tableName,
      `the relation ${metadata.name}.${relation.propertyPath} joins on ${relation.joinColumns.map((c) => c.databaseName).join(', ')}, which no reference of the definition covers, so the database would have no key for it`,
      `Declare the reference in the definition (a tenant table: \`references\` with the tenant column), or give the relation { createForeignKeyConstraints: false } if it must have no key.`,
    );
  }
}

/**
 * Gives each `@DefinedEntity` of the DataSource the keys, checks and indexes its definition
 * resolves to in this dialect, in place of what TypeORM derived from decorators and relations, so
 * the entity metadata says what the migrations wrote. Runs once, right after TypeORM builds the
 * metadata (enableTenancy), before the column forms are adapted. Internal.
 *
 * @example
 * applyTableDefinitions(dataSource); // called by enableTenancy()
 */
export function applyTableDefinitions(dataSource: DataSource): void {
  const d = dialectOf(dataSource);
  const naming = dataSource.namingStrategy;
  for (const metadata of dataSource.entityMetadatas) {
    const definition = definitionOf(metadata.target);
    if (!definition) continue;
    const shape = shapeOf(definition, d);
    const target = metadata.target as Function;
    refuseRelationsWithoutKey(metadata, shape);
    applyColumns(d, metadata, shape);
    const property = (name: string) => columnOf(metadata, name).propertyPath;
    const index = (name: string, columns: string[], unique: boolean, synchronize: boolean) =>
      new IndexMetadata({ entityMetadata: metadata, args: { target, name, columns: synchronize ? columns.map(property) : [], unique, synchronize } }).build(naming);
    const indexes = shape.indexes.map((i) => index(i.name, i.columns, i.unique, i.comparable));
    const uniques: UniqueMetadata[] = [];
    for (const u of shape.uniqueConstraints) {
      // The MySQL family keeps a unique constraint as a unique index, and TypeORM compares it so.
      if (d.uniqueConstraintsAsIndexes) indexes.push(index(u.name, u.columns, true, true));
      else uniques.push(new UniqueMetadata({ entityMetadata: metadata, args: { target, name: u.name, columns: u.columns.map(property) } }).build(naming));
    }
    metadata.ownIndices = indexes;
    metadata.indices = indexes;
    metadata.ownUniques = uniques;
    metadata.uniques = uniques;
    metadata.checks = shape.checks.map((c) => {
      const check = new CheckMetadata({ entityMetadata: metadata, args: { target, name: c.name, expression: c.sql.replace(/^CONSTRAINT \S+ CHECK /, '') } });
      check.build(naming);
      return check;
    });
    metadata.foreignKeys = shape.foreignKeys.map((f) => {
      const parent = tableOf(dataSource, metadata, f.refTable);
      return new ForeignKeyMetadata({
        entityMetadata: metadata,
        referencedEntityMetadata: parent,
        columns: f.columns.map((c) => columnOf(metadata, c)),
        referencedColumns: f.refColumns.map((c) => columnOf(parent, c)),
        onDelete: f.onDelete,
        onUpdate: 'NO ACTION',
        name: f.name,
        namingStrategy: naming,
      });
    });
  }
}
