import { DeleteQueryBuilder, UpdateQueryBuilder, type ObjectLiteral, type QueryBuilder, type QueryRunner } from 'typeorm';
import { SoftDeleteQueryBuilder } from 'typeorm/query-builder/SoftDeleteQueryBuilder';
import { SubjectExecutor } from 'typeorm/persistence/SubjectExecutor';
import { guardReferences } from '../reference-guard';
import { hasScopes } from '../scope-registry';
import { observePersist, observeStatement, type PersistedSubjects } from '../write-observer';
import { stampActor } from '../tenant-stamp';
import { scopedMetadataOf } from './scope-refs';
import { patchMethod } from './patch-method';

/** The SET map of an UPDATE through the reference guard (entity-shaped, or column names for a table path). */
async function guardUpdatedReferences(qb: QueryBuilder<ObjectLiteral>): Promise<void> {
  const main = qb.expressionMap.mainAlias;
  const metadata = scopedMetadataOf(qb, main);
  const set = qb.expressionMap.valuesSet as ObjectLiteral | undefined;
  if (!metadata || !set || Array.isArray(set)) return;
  const queryRunner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  // The write subscriber stamps updatedBy after this point (inside execute): check the actor it will write too.
  const stamped = { ...set };
  if (main!.hasMetadata) stampActor(metadata, stamped, ['updatedBy']);
  await guardReferences(qb.dataSource, queryRunner, metadata, 'update', [stamped], !main!.hasMetadata);
}

/**
 * The write observer's patch points (the audit log's, docs/audit.md): the execute of the update,
 * delete and soft-delete/restore builders (insert is InsertQueryBuilder.execute, insert-patch.ts),
 * and SubjectExecutor.execute, which runs save/remove/softRemove/recover inside their transaction
 * with the rows before and after at hand (listeners on or off). A no-op without an observer.
 */
export function installWriteObserverPatch(): void {
  // UPDATE also passes the reference guard of the Vitess profile (a no-op elsewhere), before anything is sent.
  patchMethod(UpdateQueryBuilder, 'execute', (original) =>
    async function execute(this: QueryBuilder<ObjectLiteral>) {
      if (hasScopes(this.dataSource)) await guardUpdatedReferences(this);
      return observeStatement(this, () => original.call(this));
    },
  );
  for (const builder of [DeleteQueryBuilder, SoftDeleteQueryBuilder]) {
    patchMethod(builder, 'execute', (original) =>
      function execute(this: QueryBuilder<ObjectLiteral>) {
        return observeStatement(this, () => original.call(this));
      },
    );
  }
  patchMethod(SubjectExecutor, 'execute', (original) =>
    function execute(this: PersistedSubjects) {
      return observePersist(this, () => original.call(this));
    },
  );
}
