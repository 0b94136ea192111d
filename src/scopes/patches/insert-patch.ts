import { InsertQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { WhereClause } from 'typeorm/query-builder/WhereClause';
import { dialectOf } from '../../dialect/dialect-of';
import { UnscopableQueryError } from '../../errors';
import { hasScopes } from '../scope-registry';
import { scopedTableOfPath } from '../scoped-tables';
import { tenantColumnOf } from '../tenancy-options';
import { tenantCondition } from '../tenant-condition';
import { guardInsertedRows } from '../insert-guard';
import { observeStatement } from '../write-observer';
import { patchMethod } from './patch-method';

type Builder = InsertQueryBuilder<ObjectLiteral> & { getMainTableName(): string; getTableName(path: string): string };

/**
 * An INSERT that names a tenant-scoped table by path (`into('public.notes')`) carries column names
 * the guard cannot map to the entity: refused inside a tenant (and, like every tenant access,
 * without one); allowed as system work.
 */
function refuseInsertByPath(qb: Builder): void {
  const metadata = scopedTableOfPath(qb.dataSource, qb.expressionMap.mainAlias?.tablePath);
  if (metadata && tenantCondition('insert', metadata.name).kind === 'tenant') {
    throw new UnscopableQueryError(`insert into ${metadata.tableName} named by table path`, `Name the entity instead (insert().into(${metadata.name})) so every row is stamped and checked.`);
  }
}

/** Update-date columns no row of the insert sets (TypeORM writes DEFAULT for them in VALUES). */
function defaultedUpdateDates(qb: Builder): string[] {
  const rows = (qb as unknown as { getValueSets(): ObjectLiteral[] }).getValueSets();
  return qb.expressionMap.mainAlias!.metadata.columns
    .filter((column) => column.isUpdateDate && rows.every((row) => column.getEntityValue(row) === undefined))
    .map((column) => column.databaseName);
}

/**
 * Every INSERT through TypeORM (save, insert, QueryBuilder insert, upsert, junction rows) passes
 * InsertQueryBuilder.execute: the guard there stamps and checks each row even when listeners are
 * off. createInsertExpression renders the dialect's upsert guard.
 */
export function installInsertPatch(): void {
  patchMethod(InsertQueryBuilder, 'execute', (original) =>
    async function execute(this: Builder) {
      if (hasScopes(this.dataSource)) {
        if (this.expressionMap.mainAlias?.hasMetadata) await guardInsertedRows(this);
        else refuseInsertByPath(this);
      }
      return observeStatement(this, () => original.call(this));
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
        defaultedUpdateDates: defaultedUpdateDates(this),
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
