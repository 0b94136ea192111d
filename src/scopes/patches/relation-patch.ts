import type { ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { RelationRemover } from 'typeorm/query-builder/RelationRemover';
import { RelationUpdater } from 'typeorm/query-builder/RelationUpdater';
import type { QueryExpressionMap } from 'typeorm/query-builder/QueryExpressionMap';
import type { EntityMetadata } from 'typeorm';
import { hasScopes } from '../scope-registry';
import { assertOwnedByTenant } from '../ownership';
import { patchMethod } from './patch-method';

type Worker = { queryBuilder: SelectQueryBuilder<ObjectLiteral>; expressionMap: QueryExpressionMap };

/** Ids of a RelationQueryBuilder value: entities, ids or id maps, one or many. */
function idsOf(metadata: EntityMetadata, value: unknown): unknown[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (v !== null && typeof v === 'object' ? metadata.getEntityIdMixedMap(v as ObjectLiteral) : v));
}

async function assertBothSidesOwned(worker: Worker, value: unknown, verb: string): Promise<void> {
  const { queryBuilder, expressionMap } = worker;
  if (!hasScopes(queryBuilder.dataSource)) return;
  const relation = expressionMap.relationMetadata;
  const operation = `${verb} on relation ${relation.entityMetadata.name}.${relation.propertyPath}`;
  const queryRunner = (queryBuilder as unknown as { queryRunner?: QueryRunner }).queryRunner;
  await assertOwnedByTenant(queryBuilder.dataSource, queryRunner, relation.entityMetadata, idsOf(relation.entityMetadata, expressionMap.of), operation);
  await assertOwnedByTenant(queryBuilder.dataSource, queryRunner, relation.inverseEntityMetadata, idsOf(relation.inverseEntityMetadata, value), operation);
}

/**
 * `relation(...).of(a).add/set/remove(b)` refuses when `a` or `b` is a row of another tenant.
 * Patch points: RelationUpdater.update and RelationRemover.remove, which RelationQueryBuilder's
 * add, set, remove and addAndRemove all call (they write junction rows or foreign keys directly).
 */
export function installRelationPatch(): void {
  patchMethod(RelationUpdater, 'update', (original) =>
    async function update(this: Worker, value: unknown) {
      await assertBothSidesOwned(this, value, 'add/set');
      return original.call(this, value);
    },
  );
  patchMethod(RelationRemover, 'remove', (original) =>
    async function remove(this: Worker, value: unknown) {
      await assertBothSidesOwned(this, value, 'remove');
      return original.call(this, value);
    },
  );
}
