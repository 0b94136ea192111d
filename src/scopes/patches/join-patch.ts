import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { hasSoftDeleteScope } from '../builtin-scopes';
import { hasScopes, scopeCondition } from '../scope-registry';
import { patchMethod } from './patch-method';
import { scopedMetadataOf, scopeRefs } from './scope-refs';

type Builder = SelectQueryBuilder<ObjectLiteral>;

/**
 * Puts the scope conditions of every joined alias into its ON clause, for every join variant
 * (relation joins, entity joins, joins of a table by path, eager and `relations` joins). Patch
 * point: SelectQueryBuilder.buildJoinClause, the one method every JOIN passes through. (The hidden
 * junction alias of a many-to-many relation join is reached only through its scoped owner.)
 */
export function installJoinPatch(): void {
  patchMethod(SelectQueryBuilder, 'buildJoinClause', (original) =>
    function buildJoinClause(this: Builder, direction: string, tableName: string, aliasName: string, condition: string, ...rest: unknown[]) {
      if (hasScopes(this.dataSource)) {
        const metadata = scopedMetadataOf(this, this.expressionMap.aliases.find((a) => a.name === aliasName));
        const scoped = metadata && scopeCondition(this.dataSource, metadata, 'select', this.expressionMap.withDeleted, scopeRefs(this, aliasName, metadata, true));
        if (scoped) condition = condition ? `(${condition}) AND ${scoped}` : scoped;
      }
      return original.call(this, direction, tableName, aliasName, condition, ...rest);
    },
  );

  // TypeORM bakes "deleted_at IS NULL" into a join when join() is called, so withDeleted() called
  // after the join was ignored (GUIDE §3). Where the soft-delete scope applies it decides at
  // SQL-build time instead; other entities keep TypeORM's own condition.
  patchMethod(SelectQueryBuilder, 'join', (original) =>
    function join(this: Builder, direction: string, entityOrProperty: unknown, aliasName: string, ...rest: unknown[]) {
      if (!hasScopes(this.dataSource)) return original.call(this, direction, entityOrProperty, aliasName, ...rest);
      const map = this.expressionMap;
      const saved = map.withDeleted;
      map.withDeleted = true;
      let result: unknown;
      try {
        result = original.call(this, direction, entityOrProperty, aliasName, ...rest);
      } finally {
        map.withDeleted = saved;
      }
      const joined = map.joinAttributes[map.joinAttributes.length - 1];
      const metadata = joined?.metadata;
      if (!saved && metadata?.deleteDateColumn && !hasSoftDeleteScope(metadata)) {
        // TypeORM's own condition, exactly as join() writes it when withDeleted is off.
        const deleted = `${aliasName}.${metadata.deleteDateColumn.propertyName} IS NULL`;
        joined.condition = joined.condition ? ` ${joined.condition} AND ${deleted}` : deleted;
      }
      return result;
    },
  );
}
