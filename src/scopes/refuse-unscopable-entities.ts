import type { DataSource } from 'typeorm';
import { TenancySetupError } from '../errors/tenancy-setup-error';
import { scopeColumnOf } from './tenancy-options';

/**
 * Entity shapes whose TypeORM internals write to every tenant at once, refused when the metadata is
 * built (inside `initialize()`, which then closes the connection again): a nested-set tree on a
 * tenant-aware entity (TypeORM shifts `nsleft`/`nsright` with raw UPDATEs over the whole table and
 * counts roots over every tenant). Closure-table and materialized-path trees are scoped per tenant.
 *
 * @throws TenancySetupError (`TENANCY_SETUP_UNSUPPORTED`) naming the entity and the supported trees.
 * @example
 * refuseUnscopableEntities(dataSource); // called by enableTenancy's metadata hook
 */
export function refuseUnscopableEntities(dataSource: DataSource): void {
  for (const metadata of dataSource.entityMetadatas) {
    if (metadata.treeType === 'nested-set' && scopeColumnOf(metadata)) {
      throw new TenancySetupError(
        `@Tree('nested-set') on the tenant-aware entity ${metadata.name}`,
        "TypeORM renumbers nested sets across the whole table, so one tenant's insert would shift every tenant's tree. " +
          "Use @Tree('closure-table') or @Tree('materialized-path'), which are scoped per tenant.",
      );
    }
  }
}
