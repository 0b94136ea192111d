import { InsertQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { WhereClause } from 'typeorm/query-builder/WhereClause';
import { dialectOf } from '../../dialect/dialect-of';
import { hasScopes } from '../scope-registry';
import { tenantColumnOf } from '../tenancy-options';
import { guardInsertedRows } from '../insert-guard';
import { patchMethod } from './patch-method';

type Builder = InsertQueryBuilder<ObjectLiteral> & { getMainTableName(): string; getTableName(path: string): string };

/**
 * Every INSERT through TypeORM (save, insert, QueryBuilder insert, upsert, junction rows) passes
 * InsertQueryBuilder.execute: the guard there stamps and checks each row even when listeners are
 * off. createInsertExpression renders the dialect's upsert guard.
 */
export function installInsertPatch(): void {
  patchMethod(InsertQueryBuilder, 'execute', (original) =>
    async function execute(this: Builder) {
      if (hasScopes(this.dataSource) && this.expressionMap.mainAlias?.hasMetadata) await guardInsertedRows(this);
      return original.call(this);
    },
  );

  patchMethod(InsertQueryBuilder, 'createInsertExpression', (original) =>
    function createInsertExpression(this: Builder): string {
      const map = this.expressionMap;
      const onUpdate = map.onUpdate;
      const column = hasScopes(this.dataSource) && map.mainAlias?.hasMetadata ? tenantColumnOf(map.mainAlias.metadata) : null;
      if (!onUpdate || !column) return original.call(this);
      const mainTable = this.getMainTableName();
      return dialectOf(this.dataSource).guardUpsert({
        tenantColumn: column.databaseName,
        overwrite: onUpdate.overwrite,
        tableRef: this.alias !== mainTable ? this.escape(this.alias) : this.getTableName(mainTable),
        render: ({ overwrite, extraCondition }) => {
          const saved = { overwrite: onUpdate.overwrite, overwriteCondition: onUpdate.overwriteCondition };
          onUpdate.overwrite = overwrite;
          if (extraCondition) onUpdate.overwriteCondition = [...(saved.overwriteCondition ?? []), { type: 'and', condition: extraCondition } as WhereClause];
          try {
            return original.call(this);
          } finally {
            Object.assign(onUpdate, saved);
          }
        },
      });
    },
  );
}
