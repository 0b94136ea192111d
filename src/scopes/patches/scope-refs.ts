import type { EntityMetadata, ObjectLiteral, QueryBuilder } from 'typeorm';
import type { Alias } from 'typeorm/query-builder/Alias';
import type { ScopeRefs } from '../scope-registry';
import { scopedTableOfPath } from '../scoped-tables';

type Builder = QueryBuilder<ObjectLiteral>;

/**
 * The metadata the scope layer limits an alias by: its entity, or, for an alias that names a table
 * by path (`from('public.notes', 'n')`, `update('db.notes')`, a junction), the tenant-scoped entity
 * of that table. Undefined for anything else (subqueries, tables of no tenant-scoped entity).
 *
 * @example
 * scopedMetadataOf(qb, qb.expressionMap.mainAlias)?.name; // 'Task' for from('public.tasks', 't')
 */
export function scopedMetadataOf(qb: Builder, alias: Alias | undefined): EntityMetadata | undefined {
  if (!alias) return undefined;
  if (alias.hasMetadata) return alias.metadata;
  return alias.subQuery ? undefined : scopedTableOfPath(qb.dataSource, alias.tablePath);
}

/**
 * How scopes refer to one alias of `qb`: `column` follows the query's own prefixing (UPDATE and
 * DELETE name no alias on some dialects); `qualifiedColumn` always qualifies, by the alias or, with
 * prefixing off, by the table name, so a subquery cannot capture the column.
 *
 * @example
 * scopeRefs(qb, 't', metadata, true).qualifiedColumn('tenant_id'); // "t"."tenant_id"
 */
export function scopeRefs(qb: Builder, aliasName: string, metadata: EntityMetadata, prefixed: boolean): ScopeRefs {
  const escape = (identifier: string) => qb.escape(identifier);
  const qualifier = `${escape(prefixed ? aliasName : metadata.tableName)}.`;
  return {
    column: (name) => (prefixed ? qualifier : '') + escape(name),
    qualifiedColumn: (name) => qualifier + escape(name),
    table: (other) => (qb as unknown as { getTableName(path: string): string }).getTableName(other.tablePath),
    escape,
  };
}
