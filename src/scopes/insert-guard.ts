import type { InsertQueryBuilder, ObjectLiteral, QueryRunner } from 'typeorm';
import { UnscopableQueryError } from '../errors';
import { assignUuidV7 } from '../entities/assign-uuid-v7';
import { hasGeneratedId } from '../entities/generated-ids';
import { assertEntityRow } from './assert-entity-row';
import { assertIdsNotForeign, assertOwnedByTenant } from './ownership';
import { guardReferences } from './reference-guard';
import { scopeColumnOf } from './tenancy-options';
import { tenantCondition } from './tenant-condition';
import { stampInsertedRow } from './tenant-stamp';

type Builder = InsertQueryBuilder<ObjectLiteral>;
const valueSets = (qb: Builder) => (qb as unknown as { getValueSets(): ObjectLiteral[] }).getValueSets();

/**
 * The insert guard: for a tenant-aware target, stamps and checks every row (also with listeners
 * off), refuses caller-chosen ids of another tenant and insert forms it cannot scope; for a
 * many-to-many junction, refuses links to rows of another tenant.
 */
export async function guardInsertedRows(qb: Builder): Promise<void> {
  const map = qb.expressionMap;
  const metadata = map.mainAlias!.metadata;
  const queryRunner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  const operation = `insert into ${metadata.name}`;
  if (scopeColumnOf(metadata)) {
    const scoped = tenantCondition('insert', metadata.name).kind === 'tenant';
    if (map.insertFromSelect) {
      if (scoped) throw new UnscopableQueryError(`${operation} ... valuesFromSelect()`, 'Insert the rows with insert().values(), or run it inside withoutTenantScope(fn) selecting tenant_id explicitly.');
      return;
    }
    if (scoped && map.onUpdate?.columns) {
      throw new UnscopableQueryError(`${operation} with orUpdate({ columns })`, 'Use orUpdate(overwriteColumns, conflictTarget) or repository.upsert(), which are guarded.');
    }
    // insert('x'): TypeORM would report "values are not defined"; say what is wrong instead.
    if (map.valuesSet !== undefined && !Array.isArray(map.valuesSet)) assertEntityRow(metadata, map.valuesSet, operation);
    const rows = valueSets(qb);
    for (const row of rows) {
      assertEntityRow(metadata, row, operation);
      assignUuidV7(metadata, row);
      stampInsertedRow(metadata, row);
    }
    await assertIdsNotForeign(qb.dataSource, queryRunner, metadata, rows.filter((row) => !hasGeneratedId(row)), operation);
    // The Vitess profile has no foreign keys: the references are checked here instead (else a no-op).
    await guardReferences(qb.dataSource, queryRunner, metadata, 'insert', rows, false);
  }
  if (metadata.isJunction && !map.insertFromSelect) {
    const rows = valueSets(qb);
    for (const side of [metadata.ownerColumns, metadata.inverseColumns]) {
      for (const column of side) {
        const target = column.referencedColumn?.entityMetadata;
        if (target) await assertOwnedByTenant(qb.dataSource, queryRunner, target, rows.map((row) => column.getEntityValue(row)), operation);
      }
    }
  }
}
