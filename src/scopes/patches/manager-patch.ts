import { EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { UnscopableQueryError } from '../../errors';
import { hasScopes } from '../scope-registry';
import { scopeColumnOf } from '../tenancy-options';
import { tenantCondition } from '../tenant-condition';
import { patchMethod } from './patch-method';

/**
 * `clear()` (TRUNCATE) empties a table for every tenant at once: refused inside `withTenant` and
 * without a tenant; allowed inside `withoutTenantScope`. Patch point: EntityManager.clear, which
 * Repository.clear calls.
 */
export function installManagerPatch(): void {
  patchMethod(EntityManager, 'clear', (original) =>
    async function clear(this: EntityManager, target: EntityTarget<ObjectLiteral>, ...rest: unknown[]) {
      if (hasScopes(this.dataSource)) {
        const metadata = this.dataSource.getMetadata(target);
        if (scopeColumnOf(metadata) && tenantCondition('delete', metadata.name).kind === 'tenant') {
          throw new UnscopableQueryError(`clear() of ${metadata.name}`, 'It truncates the rows of every tenant: use delete() or deleteAll(), which are limited to the current tenant.');
        }
      }
      return original.call(this, target, ...rest);
    },
  );
}
