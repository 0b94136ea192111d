import { QueryBuilder, type ObjectLiteral } from 'typeorm';
import type { Alias } from 'typeorm/query-builder/Alias';
import type { ScopedQueryType } from '../scope';
import { hasScopes, scopeCondition, scopeParameters } from '../scope-registry';
import { assertTenantUnchanged } from '../tenant-stamp';
import { patchMethod } from './patch-method';

const SCOPED_TYPES = new Set<string>(['select', 'update', 'delete', 'soft-delete', 'restore']);

type Builder = QueryBuilder<ObjectLiteral>;

/** Scope condition for one FROM alias of `qb`, or undefined. */
function aliasCondition(qb: Builder, alias: Alias, type: ScopedQueryType): string | undefined {
  if (!alias.hasMetadata) return undefined;
  const map = qb.expressionMap;
  const prefix = map.aliasNamePrefixingEnabled ? `${qb.escape(alias.name)}.` : '';
  return scopeCondition(qb.dataSource, alias.metadata, type, map.withDeleted, (column) => prefix + qb.escape(column));
}

/**
 * Adds the scope conditions of the main alias and every `addFrom` alias to the WHERE clause of
 * select, update, delete, soft-delete and restore queries. Patch point: QueryBuilder
 * .createWhereExpression (TypeORM has no read hook: typeorm#4021, #9023).
 */
export function installWherePatch(): void {
  patchMethod(QueryBuilder, 'createWhereExpression', (original) =>
    function createWhereExpression(this: Builder): string {
      const map = this.expressionMap;
      if (!SCOPED_TYPES.has(map.queryType) || !map.mainAlias || !hasScopes(this.dataSource)) {
        return original.call(this);
      }
      const type = map.queryType as ScopedQueryType;
      // An UPDATE may not move rows to another tenant, whether or not listeners run.
      if (type === 'update' && map.mainAlias.hasMetadata) assertTenantUnchanged(map.mainAlias.metadata, map.valuesSet as ObjectLiteral | undefined);
      const conditions: string[] = [];
      // By name: cloning an expression map (update/delete builders do) copies the main alias apart from its entry in `aliases`.
      const main = map.mainAlias;
      for (const alias of [main, ...map.aliases.filter((a) => a.type === 'from' && a.name !== main.name)]) {
        const sql = aliasCondition(this, alias, type);
        if (sql) conditions.push(sql);
      }
      const savedExtra = map.extraAppendedAndWhereCondition;
      const savedWithDeleted = map.withDeleted;
      if (conditions.length) map.extraAppendedAndWhereCondition = [savedExtra, ...conditions].filter(Boolean).join(' AND ');
      // The soft-delete scope replaces TypeORM's own main-alias "deleted_at IS NULL" for selects.
      map.withDeleted = true;
      try {
        return original.call(this);
      } finally {
        map.extraAppendedAndWhereCondition = savedExtra;
        map.withDeleted = savedWithDeleted;
      }
    },
  );

  // Every query builder carries the scopes' bound values, including the outer query TypeORM builds
  // around a clone for skip/take pagination (it copies getParameters() of the original).
  patchMethod(QueryBuilder, 'getParameters', (original) =>
    function getParameters(this: Builder): ObjectLiteral {
      const parameters = original.call(this);
      const scoped = scopeParameters(this.dataSource);
      return scoped ? Object.assign(parameters, scoped) : parameters;
    },
  );
}
