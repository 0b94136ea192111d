import { SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { hasScopes, scopeCondition } from '../scope-registry';
import { patchMethod } from './patch-method';

type Builder = SelectQueryBuilder<ObjectLiteral>;

/**
 * Puts the scope conditions of every joined alias into its ON clause, for every join variant
 * (relation joins, entity joins, many-to-many junctions, eager and `relations` joins). Patch point:
 * SelectQueryBuilder.buildJoinClause, the one method every JOIN passes through.
 */
export function installJoinPatch(): void {
  patchMethod(SelectQueryBuilder, 'buildJoinClause', (original) =>
    function buildJoinClause(this: Builder, direction: string, tableName: string, aliasName: string, condition: string, ...rest: unknown[]) {
      if (hasScopes(this.dataSource)) {
        const alias = this.expressionMap.aliases.find((a) => a.name === aliasName);
        const scoped =
          alias?.hasMetadata &&
          scopeCondition(this.dataSource, alias.metadata, 'select', this.expressionMap.withDeleted, (column) => `${this.escape(aliasName)}.${this.escape(column)}`);
        if (scoped) condition = condition ? `(${condition}) AND ${scoped}` : scoped;
      }
      return original.call(this, direction, tableName, aliasName, condition, ...rest);
    },
  );

  // TypeORM bakes "deleted_at IS NULL" into a join when join() is called, so withDeleted() called
  // after the join was ignored (GUIDE §3). The soft-delete scope decides at SQL-build time instead.
  patchMethod(SelectQueryBuilder, 'join', (original) =>
    function join(this: Builder, ...args: unknown[]) {
      if (!hasScopes(this.dataSource)) return original.apply(this, args);
      const saved = this.expressionMap.withDeleted;
      this.expressionMap.withDeleted = true;
      try {
        return original.apply(this, args);
      } finally {
        this.expressionMap.withDeleted = saved;
      }
    },
  );
}
