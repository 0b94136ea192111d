import { DeleteQueryBuilder, UpdateQueryBuilder, type ObjectLiteral, type QueryBuilder } from 'typeorm';
import { SoftDeleteQueryBuilder } from 'typeorm/query-builder/SoftDeleteQueryBuilder';
import { SubjectExecutor } from 'typeorm/persistence/SubjectExecutor';
import { observePersist, observeStatement, type PersistedSubjects } from '../write-observer';
import { patchMethod } from './patch-method';

/**
 * The write observer's patch points (the audit log's, docs/audit.md): the execute of the update,
 * delete and soft-delete/restore builders (insert is InsertQueryBuilder.execute, insert-patch.ts),
 * and SubjectExecutor.execute, which runs save/remove/softRemove/recover inside their transaction
 * with the rows before and after at hand (listeners on or off). A no-op without an observer.
 */
export function installWriteObserverPatch(): void {
  for (const builder of [UpdateQueryBuilder, DeleteQueryBuilder, SoftDeleteQueryBuilder]) {
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
