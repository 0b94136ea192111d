import { DataSource, type NamingStrategyInterface } from 'typeorm';
import { adaptColumnMetadata } from '../dialect/adapt-column-metadata';
import { detectCitusProfile } from '../dialect/citus/citus-profile';
import { compareTenantColumnAsPrimaryKey } from '../dialect/citus/tenant-key-in-schema-diff';
import { applyTableDefinitions } from '../entities/defined-entity-metadata';
import { MIN_SYSTEM_KEY_LENGTH } from '../dialect/postgres-rls';
import { bindPoolCallbacks, installTenantSession } from '../dialect/postgres-session/install-tenant-session';
import { TenancySetupError } from '../errors/tenancy-setup-error';
import { describeValue } from '../errors/describe-value';
import { TenantWriteSubscriber } from '../entities/tenant-write-subscriber';
import { installPatches } from './patches/install-patches';
import { refuseUnscopableEntities } from './refuse-unscopable-entities';
import { installBuiltinScopes } from './scope-registry';
import { assertTypeormInternals, REINSTALL_TYPEORM } from './typeorm-internals';
import { loadedTypeormCopy, typeormCopyOf } from './typeorm-copy';
import { setTenancyConfig, tenancyConfig, type TenancyConfig, type TenancyOptions } from './tenancy-options';
import { refuseUndeclaredVitessSchema } from './vitess-schema-guard';

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
 * validation) and aligns column metadata with the dialect. On PostgreSQL every statement also
 * carries the current tenant to the row-level-security policies of the bundled migrations, inside
 * the statement's own transaction (`rowLevelSecurity`, default on; safe behind transaction
 * poolers; docs/security.md).
 *
 * @throws TypeError when called after `initialize()`, or again with different options;
 *   TenancySetupError when the DataSource's TypeORM (or the one this library loads) is not the exact
 *   version whose internals this library extends, for a DataSource of another TypeORM copy, and for
 *   options the wall cannot honour (`extra.pipeline`; the database result cache is refused per query,
 *   for tenant rows).
 * @example
 * const dataSource = new DataSource({ type: 'postgres', url, entities: [Tenant, Conference] });
 * enableTenancy(dataSource);                                // or { tenantColumn: 'company_id' }
 * // as the application role, letting withoutTenantScope through the policies:
 * // enableTenancy(dataSource, { rowLevelSecurity: { systemKey: process.env.TENANCY_SYSTEM_KEY } });
 * // statements are prepared on connections proven direct ('auto'); behind PgBouncer >= 1.21 with
 * // max_prepared_statements, or session pooling, prepare on every connection:
 * // enableTenancy(dataSource, { rowLevelSecurity: { systemKey, preparedStatements: true } });
 * await dataSource.initialize();
 */
export function enableTenancy(dataSource: DataSource, options: TenancyOptions = {}): void {
  // First, before anything reads the DataSource: a TypeORM of another version may lack what the
  // rest of this function touches (0.3.x would fail with an unrelated TypeError).
  assertTypeormInternals(dataSource);
  refuseOtherTypeormCopy(dataSource);
  if (options.softDeleteScope !== undefined && options.softDeleteScope !== 'tenant-aware' && options.softDeleteScope !== 'all') {
    throw new TypeError(`softDeleteScope must be 'tenant-aware' (the default) or 'all', not ${JSON.stringify(options.softDeleteScope)}.`);
  }
  const config: TenancyConfig = {
    tenantColumn: options.tenantColumn ?? DECLARED_TENANT_COLUMN,
    validate: options.validate ?? true,
    tenantTable: options.tenantTable ?? 'tenants',
    rowLevelSecurity: resolveRowLevelSecurity(dataSource, options.rowLevelSecurity),
    softDeleteScope: options.softDeleteScope ?? 'tenant-aware',
  };
  const existing = tenancyConfig(dataSource);
  if (existing) {
    if (JSON.stringify(existing) === JSON.stringify(config)) return;
    throw new TypeError('enableTenancy() was already called on this DataSource with other options.');
  }
  if (dataSource.isInitialized) {
    throw new TypeError('enableTenancy(dataSource) must be called before dataSource.initialize().');
  }
  installPatches();
  installBuiltinScopes(dataSource);
  const internals = dataSource as unknown as Internals;
  setTenancyConfig(dataSource, config);
  if (config.tenantColumn !== DECLARED_TENANT_COLUMN) {
    Object.assign(dataSource, { namingStrategy: renameTenantColumn(dataSource.namingStrategy, config.tenantColumn) });
  }
  const rls = config.rowLevelSecurity;
  if (rls) installTenantSession(dataSource, { systemKey: rls.systemKey, prepare: rls.preparedStatements, citus: rls.citus });
  const build = internals.buildMetadatas.bind(dataSource);
  // Patch point: metadata and subscribers are built inside initialize(), before synchronize or
  // migrationsRun; hooking here means those already run with the guard and the adapted types.
  internals.buildMetadatas = async () => {
    await build();
    refuseUnscopableEntities(dataSource);
    // The Citus profile (detected once, or forced) decides the keys the metadata takes.
    if (await detectCitusProfile(dataSource)) compareTenantColumnAsPrimaryKey(dataSource);
    applyTableDefinitions(dataSource);
    adaptColumnMetadata(dataSource);
    await refuseUndeclaredVitessSchema(dataSource);
    dataSource.subscribers.push(new TenantWriteSubscriber());
    if (rls) bindPoolCallbacks(dataSource);
  };
}

/**
 * The patches live on the prototypes of the TypeORM copy this library loads; a DataSource built by
 * another copy (npm nests one when the app asks for another version) would run every query
 * unscoped. Refused, so that the version check below is about the copy the DataSource uses.
 */
function refuseOtherTypeormCopy(dataSource: DataSource): void {
  if (dataSource instanceof DataSource) return;
  const own = typeormCopyOf(dataSource);
  const patched = loadedTypeormCopy();
  throw new TenancySetupError(
    `a DataSource from another copy of TypeORM (${own ? own.directory : 'not a loaded typeorm package'}) than the one typeorm-tenancy patches (${patched.directory})`,
    `TypeORM is a peer dependency: create the DataSource from the application's one copy. ${REINSTALL_TYPEORM}`,
  );
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
  const object = typeof option === 'object' ? option : {};
  const prepared = object.preparedStatements === undefined ? 'auto' : object.preparedStatements;
  if (prepared !== true && prepared !== false && prepared !== 'auto') {
    throw new TypeError(`rowLevelSecurity.preparedStatements must be true, false or 'auto' (got ${describeValue(prepared)}).`);
  }
  return { systemKey, preparedStatements: prepared, citus: object.citus === true };
}
