import type { Table } from 'typeorm';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { QueryRunner } from 'typeorm';
import { UnscopableQueryError } from '../../errors';
import { hasScopes } from '../scope-registry';
import { scopedTableOfPath } from '../scoped-tables';
import { tenantCondition } from '../tenant-condition';
import { patchMethod } from './patch-method';

/**
 * `clearTable()` (TRUNCATE) empties a table for every tenant at once: for a tenant-scoped table
 * (tenant-aware, the tenants table, or a junction of one, named by entity path or any table path)
 * it is refused inside `withTenant` and without a tenant, and allowed inside `withoutTenantScope`.
 * Patch points: the query runners' clearTable, which `Repository.clear()`/`EntityManager.clear()`
 * call too, so this is the one place for both.
 */
export function installRunnerPatch(): void {
  for (const runner of [PostgresQueryRunner, MysqlQueryRunner]) {
    patchMethod(runner, 'clearTable', (original) =>
      async function clearTable(this: QueryRunner, tableOrName: Table | string, ...rest: unknown[]) {
        if (hasScopes(this.connection)) {
          const metadata = scopedTableOfPath(this.connection, typeof tableOrName === 'string' ? tableOrName : tableOrName.name);
          if (metadata && tenantCondition('delete', metadata.name).kind === 'tenant') {
            throw new UnscopableQueryError(
              `clear() of ${metadata.name}`,
              'It truncates the rows of every tenant: use delete() or deleteAll(), which are limited to the current tenant.',
            );
          }
        }
        return original.call(this, tableOrName, ...rest);
      },
    );
  }
}
