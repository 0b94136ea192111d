import type { DataSource, NamingStrategyInterface } from 'typeorm';
import { adaptColumnMetadata } from '../dialect/adapt-column-metadata';
import { MIN_SYSTEM_KEY_LENGTH } from '../dialect/postgres-rls';
import { installTenantSession } from '../dialect/postgres-session/install-tenant-session';
import { TenantWriteSubscriber } from '../entities/tenant-write-subscriber';
import { installPatches } from './patches/install-patches';
import { installBuiltinScopes } from './scope-registry';
import { assertTypeormInternals } from './typeorm-internals';
import { setTenancyConfig, tenancyConfig, type TenancyConfig, type TenancyOptions } from './tenancy-options';

/** The column name `TenantAwareEntity` declares; renamed when `tenantColumn` says otherwise. */
const DECLARED_TENANT_COLUMN = 'tenant_id';

type Internals = { buildMetadatas(): Promise<void> };

function renameTenantColumn(strategy: NamingStrategyInterface, tenantColumn: string): NamingStrategyInterface {
  const wrapped = Object.create(strategy) as NamingStrategyInterface;
  wrapped.columnName = (propertyName, customName, prefixes) =>
    strategy.columnName(propertyName, customName === DECLARED_TENANT_COLUMN ? tenantColumn : customName, prefixes);
  return wrapped;
}

/**
 * Switches tenancy on for a DataSource. Call once, before `initialize()`; calling again with the
 * same options does nothing. Installs the write guard (id, tenant stamp, refusals, audit columns,
 * validation) and aligns column metadata with the dialect. On PostgreSQL it also keeps every pooled
 * connection's `app.tenant_id` equal to the current tenant, for the row-level-security policies of
 * the bundled migrations (`rowLevelSecurity`, default on; docs/security.md).
 *
 * @throws TypeError when called after `initialize()`, or again with different options; Error when the
 *   installed TypeORM is not the exact version whose internals this library extends.
 * @example
 * const dataSource = new DataSource({ type: 'postgres', url, entities: [Tenant, Conference] });
 * enableTenancy(dataSource);                                // or { tenantColumn: 'company_id' }
 * // as the application role, letting withoutTenantScope through the policies:
 * // enableTenancy(dataSource, { rowLevelSecurity: { systemKey: process.env.TENANCY_SYSTEM_KEY } });
 * // enableTenancy(dataSource, { rowLevelSecurity: { preparedStatements: false } }); // plan every execution anew
 * await dataSource.initialize();
 */
export function enableTenancy(dataSource: DataSource, options: TenancyOptions = {}): void {
  const config: TenancyConfig = {
    tenantColumn: options.tenantColumn ?? DECLARED_TENANT_COLUMN,
    validate: options.validate ?? true,
    tenantTable: options.tenantTable ?? 'tenants',
    rowLevelSecurity: resolveRowLevelSecurity(dataSource, options.rowLevelSecurity),
  };
  const existing = tenancyConfig(dataSource);
  if (existing) {
    if (JSON.stringify(existing) === JSON.stringify(config)) return;
    throw new TypeError('enableTenancy() was already called on this DataSource with other options.');
  }
  if (dataSource.isInitialized) {
    throw new TypeError('enableTenancy(dataSource) must be called before dataSource.initialize().');
  }
  assertTypeormInternals();
  installPatches();
  installBuiltinScopes(dataSource);
  const internals = dataSource as unknown as Internals;
  setTenancyConfig(dataSource, config);
  if (config.tenantColumn !== DECLARED_TENANT_COLUMN) {
    Object.assign(dataSource, { namingStrategy: renameTenantColumn(dataSource.namingStrategy, config.tenantColumn) });
  }
  const build = internals.buildMetadatas.bind(dataSource);
  // Patch point: metadata and subscribers are built inside initialize(), before synchronize or
  // migrationsRun; hooking here means those already run with the guard and the adapted types.
  internals.buildMetadatas = async () => {
    await build();
    adaptColumnMetadata(dataSource);
    dataSource.subscribers.push(new TenantWriteSubscriber());
    const rls = config.rowLevelSecurity;
    if (rls) installTenantSession(dataSource, rls.systemKey, { prepare: rls.preparedStatements });
  };
}

function resolveRowLevelSecurity(dataSource: DataSource, option: TenancyOptions['rowLevelSecurity']): TenancyConfig['rowLevelSecurity'] {
  const postgres = dataSource.options.type === 'postgres';
  if (option === false || (option === undefined && !postgres)) return false;
  if (!postgres) {
    throw new TypeError(
      `rowLevelSecurity: ${dataSource.options.type} has no row-level security; there the composite foreign keys and the ` +
        'query-scope layer are the wall. Remove the option (or pass false).',
    );
  }
  const systemKey = typeof option === 'object' ? (option.systemKey ?? null) : null;
  if (systemKey !== null && systemKey.length < MIN_SYSTEM_KEY_LENGTH) {
    throw new TypeError(
      `rowLevelSecurity.systemKey must be at least ${MIN_SYSTEM_KEY_LENGTH} characters (it unlocks every tenant's rows); ` +
        "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"",
    );
  }
  return { systemKey, preparedStatements: !(typeof option === 'object' && option.preparedStatements === false) };
}
