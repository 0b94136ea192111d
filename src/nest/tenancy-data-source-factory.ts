import { DataSource, type DataSourceOptions } from 'typeorm';
import { enableTenancy } from '../scopes/enable-tenancy';
import type { TenancyOptions } from '../scopes/tenancy-options';

/**
 * A `dataSourceFactory` for `@nestjs/typeorm`'s `TypeOrmModule.forRoot` / `forRootAsync`: builds the
 * DataSource from the module's options and calls `enableTenancy` on it, and returns it **not yet
 * initialized**. `@nestjs/typeorm` then calls `initialize()` itself (after the factory, inside its
 * retry loop), so tenancy is on before metadata, `synchronize` and `migrationsRun`, and a retried
 * connection gets a fresh DataSource with tenancy enabled again. `manualInitialization: true` keeps
 * working: the DataSource is returned with tenancy on and you initialize it when you like.
 *
 * @throws TypeError / TenancySetupError from `enableTenancy` (as a rejection: the module fails to start).
 * @example
 * TypeOrmModule.forRootAsync({
 *   useFactory: () => ({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Tenant, Note] }),
 *   dataSourceFactory: tenancyDataSourceFactory({ rowLevelSecurity: { systemKey: process.env.TENANCY_SYSTEM_KEY } }),
 * });
 */
export function tenancyDataSourceFactory(tenancy: TenancyOptions = {}): (options?: DataSourceOptions) => Promise<DataSource> {
  return async (options) => {
    if (!options) throw new TypeError('tenancyDataSourceFactory: @nestjs/typeorm passed no DataSource options.');
    const dataSource = new DataSource(options);
    enableTenancy(dataSource, tenancy);
    return dataSource;
  };
}
