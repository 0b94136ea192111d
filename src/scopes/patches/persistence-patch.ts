import type { ObjectLiteral, QueryRunner } from 'typeorm';
import type { EntityMetadata } from 'typeorm';
import { SubjectDatabaseEntityLoader } from 'typeorm/persistence/SubjectDatabaseEntityLoader';
import { SubjectExecutor } from 'typeorm/persistence/SubjectExecutor';
import { TenantMismatchError } from '../../errors';
import { assignUuidV7 } from '../../entities/assign-uuid-v7';
import { parseTenantId } from '../../tenancy/with-tenant';
import { stampInsertedRow } from '../tenant-stamp';
import { assertEntityRow } from '../assert-entity-row';
import { assertIdsNotForeign } from '../ownership';
import { hasScopes } from '../scope-registry';
import { withoutScopes } from '../scope-opt-out';
import { scopeColumnOf, tenantColumnOf } from '../tenancy-options';
import { tenantCondition } from '../tenant-condition';
import { patchMethod } from './patch-method';

type Subject = { metadata: EntityMetadata; entity?: ObjectLiteral; databaseEntity?: ObjectLiteral; identifier?: ObjectLiteral; mustBeInserted: boolean };
type Loader = { subjects: Subject[]; queryRunner: QueryRunner };
type PersistMode = 'save' | 'remove' | 'soft-remove' | 'recover';

/**
 * After TypeORM has loaded (through the tenant scope) the rows that save/remove/softRemove/recover
 * will touch: a value that is not an entity object (or has an own `__proto__` key) is refused, an
 * entity naming another tenant is refused, and so is removing or recovering an id that the scoped
 * load did not find because it belongs to another tenant (instead of a silent no-op).
 */
async function guardSubjects(loader: Loader, mode: PersistMode): Promise<void> {
  const missing = new Map<EntityMetadata, ObjectLiteral[]>();
  for (const subject of loader.subjects) {
    // `save(['<uuid>'])` or a `__proto__` key (JSON input): refused before anything touches the row.
    if (subject.entity !== undefined && scopeColumnOf(subject.metadata)) {
      assertEntityRow(subject.metadata, subject.entity, `${mode} of ${subject.metadata.name}`);
    }
    // New rows get their id and tenant on the entity itself, so the caller sees them even with
    // listeners off (TypeORM inserts a copy of the values and does not copy them back).
    if (mode === 'save' && subject.mustBeInserted && subject.entity) {
      assignUuidV7(subject.metadata, subject.entity);
      stampInsertedRow(subject.metadata, subject.entity);
    }
    const column = tenantColumnOf(subject.metadata);
    if (!column || !subject.entity) continue;
    const condition = tenantCondition(mode === 'remove' ? 'delete' : 'update', subject.metadata.name);
    if (condition.kind !== 'tenant') continue;
    const given = column.getEntityValue(subject.entity);
    if (given !== undefined && given !== null && parseTenantId(given) !== condition.tenantId) {
      throw new TenantMismatchError(`${mode} of ${subject.metadata.name}`, condition.tenantId, given);
    }
    if (mode !== 'save' && !subject.databaseEntity && subject.identifier) {
      missing.set(subject.metadata, [...(missing.get(subject.metadata) ?? []), subject.entity]);
    }
  }
  for (const [metadata, entities] of missing) {
    await assertIdsNotForeign(metadata.dataSource, loader.queryRunner, metadata, entities, `${mode} of ${metadata.name}`);
  }
}

/**
 * Patch points of the persistence layer: SubjectDatabaseEntityLoader.load (see guardSubjects) and
 * SubjectExecutor.executeUpdateOperations, whose UPDATEs must still reach an entity that is
 * soft-deleted (the soft-delete scope is for bulk updates; the tenant scope stays on).
 */
export function installPersistencePatch(): void {
  patchMethod(SubjectDatabaseEntityLoader, 'load', (original) =>
    async function load(this: Loader, mode: PersistMode, ...rest: unknown[]) {
      const result = await original.call(this, mode, ...rest);
      const dataSource = this.subjects[0]?.metadata.dataSource;
      if (dataSource && hasScopes(dataSource)) await guardSubjects(this, mode);
      return result;
    },
  );
  patchMethod(SubjectExecutor, 'executeUpdateOperations', (original) =>
    function executeUpdateOperations(this: unknown, ...args: unknown[]) {
      return withoutScopes(['softDelete'], () => original.apply(this, args));
    },
  );
}
