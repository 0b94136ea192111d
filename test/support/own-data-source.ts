import { DataSource, type DataSourceOptions, type EntitySchema } from 'typeorm';
import { connectionOptionsFromUrl } from '../../src/cli/data-source-from-url';
import { enableTenancy } from '../../src/scopes/enable-tenancy';
import type { TenancyOptions } from '../../src/scopes/tenancy-options';
import type { Scratch } from './scratch-database';

/**
 * A DataSource on a scratch database with exactly `entities` (no `Tenant`, no migrations), plain
 * TypeORM or with `enableTenancy`: for comparing the two on the same tables. Destroy it before
 * opening the next one (PGlite serves one session).
 */
export async function openOwnDataSource(
  scratch: Scratch,
  entities: Array<Function | EntitySchema>,
  options: { tenancy?: TenancyOptions | false; synchronize?: boolean; extra?: Partial<DataSourceOptions> } = {},
): Promise<DataSource> {
  const connection = connectionOptionsFromUrl(scratch.url);
  const dataSource = new DataSource({
    ...connection,
    ...(scratch.target.name === 'pglite' ? { extra: { max: 1 } } : {}),
    entities,
    synchronize: options.synchronize ?? false,
    ...(options.extra ?? {}),
  } as DataSourceOptions);
  if (options.tenancy !== false) enableTenancy(dataSource, options.tenancy ?? {});
  return dataSource.initialize();
}
