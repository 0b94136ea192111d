import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { tenantColumnOf } from '../../scopes/tenancy-options';

/** The parts of TypeORM 1.1.1's RdbmsSchemaBuilder wrapped here (internals of the pinned version). */
interface SchemaBuilderInternals {
  build(): Promise<void>;
  log(): Promise<unknown>;
}

const hooked = new WeakSet<object>();

/**
 * On the Citus profile the primary key of every tenant table is `(tenant_id, id)`, while the
 * entities keep `id` as their one primary column (identity, `save()`, relations and every join
 * column stay as in plain TypeORM). TypeORM's schema diff (`synchronize`, `migration:generate`,
 * `schema:log`: `build()` / `log()` of the schema builder) compares each column's `isPrimary`
 * and would drop the key and re-create it on `(id)`, which Citus refuses. So for the duration of a
 * diff only, the tenant column of every tenant-aware entity counts as a primary column: the diff
 * finds nothing to change on a Citus-migrated table, and a table TypeORM creates itself gets a
 * key with the tenant column. Installed by enableTenancy when the profile is on.
 *
 * @example
 * compareTenantColumnAsPrimaryKey(dataSource); // then dataSource.driver.createSchemaBuilder().log() is empty on a Citus-migrated schema
 */
export function compareTenantColumnAsPrimaryKey(dataSource: DataSource): void {
  const driver = dataSource.driver;
  if (hooked.has(driver)) return;
  hooked.add(driver);
  const create = driver.createSchemaBuilder.bind(driver);
  driver.createSchemaBuilder = () => {
    const schemaBuilder = create();
    const builder = schemaBuilder as unknown as SchemaBuilderInternals;
    const { build, log } = builder;
    if ([build, log].some((m) => typeof m !== 'function')) {
      throw new Error("typeorm-tenancy: TypeORM's schema builder changed shape (build/log); install typeorm@1.1.1.");
    }
    const withTenantKey = <T>(method: () => Promise<T>) =>
      async function (this: SchemaBuilderInternals): Promise<T> {
        const columns = dataSource.entityMetadatas
          .map((m) => tenantColumnOf(m))
          .filter((c): c is ColumnMetadata => c !== null && !c.isPrimary);
        for (const c of columns) c.isPrimary = true;
        try {
          return await method.call(this);
        } finally {
          for (const c of columns) c.isPrimary = false;
        }
      };
    builder.build = withTenantKey(build);
    builder.log = withTenantKey(log);
    return schemaBuilder;
  };
}
