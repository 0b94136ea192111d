import { QueryBuilder, type EntityMetadata, type ObjectLiteral } from 'typeorm';
import type { Alias } from 'typeorm/query-builder/Alias';
import { hasSoftDeleteScope } from '../builtin-scopes';
import type { ScopedQueryType } from '../scope';
import { hasScopes, scopeCondition, scopeParameters } from '../scope-registry';
import { scopeColumnOf } from '../tenancy-options';
import { assertTenantUnchanged } from '../tenant-stamp';
import { patchMethod } from './patch-method';
import { scopedMetadataOf, scopeRefs } from './scope-refs';

const SCOPED_TYPES = new Set<string>(['select', 'update', 'delete', 'soft-delete', 'restore']);

type Builder = QueryBuilder<ObjectLiteral>;

/** Scope condition for one FROM alias of `qb`, or undefined. */
function aliasCondition(qb: Builder, alias: Alias, metadata: EntityMetadata, type: ScopedQueryType): string | undefined {
  const map = qb.expressionMap;
  return scopeCondition(qb.dataSource, metadata, type, map.withDeleted, scopeRefs(qb, alias.name, metadata, map.aliasNamePrefixingEnabled));
}

/**
 * An UPDATE may not move rows to another tenant, whether or not listeners run. With a table path
 * instead of an entity, the SET keys are column names: the scope column (`tenant_id`, or `tenants.id`)
 * is checked by that name.
 */
function assertUpdateKeepsTenant(alias: Alias, metadata: EntityMetadata, set: ObjectLiteral | undefined): void {
  if (!set) return;
  if (alias.hasMetadata) return assertTenantUnchanged(metadata, set);
  const column = scopeColumnOf(metadata);
  if (column && column.databaseName in set) assertTenantUnchanged(metadata, { [column.propertyPath]: set[column.databaseName] });
}

/**
 * Adds the scope conditions of the main alias and every `addFrom` alias (entities, and tables of
 * tenant-scoped entities named by path) to the WHERE clause of select, update, delete, soft-delete
 * and restore queries. Patch point: QueryBuilder.createWhereExpression (TypeORM has no read hook:
 * typeorm#4021, #9023).
 */
export function installWherePatch(): void {
  patchMethod(QueryBuilder, 'createWhereExpression', (original) =>
    function createWhereExpression(this: Builder): string {
      const map = this.expressionMap;
      if (!SCOPED_TYPES.has(map.queryType) || !map.mainAlias || !hasScopes(this.dataSource)) {
        return original.call(this);
      }
      const type = map.queryType as ScopedQueryType;
      const main = map.mainAlias;
      const mainMetadata = scopedMetadataOf(this, main);
      if (type === 'update' && mainMetadata) assertUpdateKeepsTenant(main, mainMetadata, map.valuesSet as ObjectLiteral | undefined);
      const conditions: string[] = [];
      // By name: cloning an expression map (update/delete builders do) copies the main alias apart from its entry in `aliases`.
      for (const alias of [main, ...map.aliases.filter((a) => a.type === 'from' && a.name !== main.name)]) {
        const metadata = alias === main ? mainMetadata : scopedMetadataOf(this, alias);
        const sql = metadata && aliasCondition(this, alias, metadata, type);
        if (sql) conditions.push(sql);
      }
      const savedExtra = map.extraAppendedAndWhereCondition;
      const savedWithDeleted = map.withDeleted;
      if (conditions.length) map.extraAppendedAndWhereCondition = [savedExtra, ...conditions].filter(Boolean).join(' AND ');
      // The soft-delete scope replaces TypeORM's own main-alias "deleted_at IS NULL" where it applies.
      if (main.hasMetadata && hasSoftDeleteScope(main.metadata)) map.withDeleted = true;
      try {
        return original.call(this);
      } finally {
        map.extraAppendedAndWhereCondition = savedExtra;
        map.withDeleted = savedWithDeleted;
      }
    },
  );

  // Every query builder carries the scopes' bound values, including the outer query TypeORM builds
  // around a clone for skip/take pagination (it copies getParameters() of the original). Applied
  // after the caller's own values, so setParameter cannot replace the tenant.
  patchMethod(QueryBuilder, 'getParameters', (original) =>
    function getParameters(this: Builder): ObjectLiteral {
      const parameters = original.call(this);
      const scoped = hasScopes(this.dataSource) ? scopeParameters(this.dataSource) : undefined;
      return scoped ? Object.assign(parameters, scoped) : parameters;
    },
  );
}
