import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * When the database wall names (prepares) statements: `'auto'` on connections proven direct, `true` on
 * every connection (a pooler that keeps them), `false` never.
 *
 * @example
 * const mode: PreparedStatementsMode = 'auto';
 */
export type PreparedStatementsMode = boolean | 'auto';

/** Options of `enableTenancy`. */
export interface TenancyOptions {
  /**
   * Database name of the tenant column. Default `tenant_id`. Any entity with a column of this
   * name is tenant-aware; `TenantAwareEntity.tenantId` is renamed to it (e.g. `company_id` for an
   * existing schema).
   */
  tenantColumn?: string;
  /** Validate entities with class-validator before insert and update. Default `true`. */
  validate?: boolean;
  /**
   * Table of the tenants themselves. Default `tenants`. Its rows are scoped by primary key: inside
   * `withTenant(A)` only tenant A's own row is visible and changeable, and creating a tenant is
   * system work (`withoutTenantScope`).
   */
  tenantTable?: string;
  /**
   * The database wall (PostgreSQL row-level security). Default: on for PostgreSQL, where every
   * statement inside `withTenant` runs, in its own transaction, as the role `tenancy_tenant` with
   * `app.tenant_id` set (transaction-local: nothing stays on the connection, so transaction
   * poolers are safe). `{ systemKey }` also lets `withoutTenantScope` through the policies when
   * the key is registered in the database (see docs/security.md); without it, system work under
   * the application role sees no tenant rows. `false` sends no settings. The MySQL family has no
   * row-level security: asking for it there throws.
   *
   * `preparedStatements` (default `'auto'`): a parameterized statement is named once per connection
   * (up to 256 texts), so the server plans it, policies included, once per connection instead of on
   * every execution. That needs a server session that keeps its statements. `'auto'` prepares on a
   * connection only once it has proven to be direct (the server process it reaches is the one that
   * answered the connection's start-up), so a pooler, which answers start-up itself, gets unnamed
   * statements; the connection's first statement always goes unnamed. `true` prepares on every
   * connection: for session pooling or PgBouncer >= 1.21 with `max_prepared_statements` > 0 (never
   * PgBouncer 1.18 in transaction mode). `false` never prepares. See docs/security.md ("Poolers",
   * "Prepared statements").
   *
   * `citus: true` sends the settings in the one form Citus propagates to its workers: each statement
   * outside a transaction is wrapped in `BEGIN … COMMIT` in the same round trip, and every setting is
   * its own `SET LOCAL` after `SET LOCAL citus.propagate_set_commands = 'local'`. It works on plain
   * PostgreSQL too. Values then travel as SQL literals (the system key included); `stream()` is
   * refused. See docs/security.md ("Citus").
   */
  rowLevelSecurity?: boolean | { systemKey?: string; preparedStatements?: PreparedStatementsMode; citus?: boolean };
  /**
   * Which entities with a `@DeleteDateColumn` get the soft-delete scope (deleted rows hidden from
   * reads and joins whatever the order of `withDeleted()` and joins, and untouched by bulk updates).
   * Default `'tenant-aware'`: other entities keep TypeORM's own soft-delete behaviour exactly.
   * `'all'` gives every entity the scope.
   */
  softDeleteScope?: 'tenant-aware' | 'all';
}

/** Resolved options, kept per DataSource. */
export interface TenancyConfig {
  readonly tenantColumn: string;
  readonly validate: boolean;
  readonly tenantTable: string;
  /** false, or the session settings are on (with the system key, or null; statements prepared or not). */
  readonly rowLevelSecurity: false | { readonly systemKey: string | null; readonly preparedStatements: PreparedStatementsMode; readonly citus: boolean };
  readonly softDeleteScope: 'tenant-aware' | 'all';
}

const configs = new WeakMap<DataSource, TenancyConfig>();
const tenantColumns = new WeakMap<EntityMetadata, ColumnMetadata | null>();
const scopeColumns = new WeakMap<EntityMetadata, ColumnMetadata | null>();

/** Stores the resolved options of a DataSource. Internal. */
export function setTenancyConfig(dataSource: DataSource, config: TenancyConfig): void {
  configs.set(dataSource, config);
}

/**
 * The options `enableTenancy` was called with, or undefined when tenancy is off.
 *
 * @example
 * tenancyConfig(dataSource)?.tenantColumn; // 'tenant_id'
 */
export function tenancyConfig(dataSource: DataSource): TenancyConfig | undefined {
  return configs.get(dataSource);
}

/**
 * The tenant column of an entity, or null when the entity is not tenant-aware (or tenancy is off
 * for its DataSource). Cached per metadata.
 *
 * @example
 * tenantColumnOf(dataSource.getMetadata(Conference))?.databaseName; // 'tenant_id'
 */
export function tenantColumnOf(metadata: EntityMetadata): ColumnMetadata | null {
  let column = tenantColumns.get(metadata);
  if (column === undefined) {
    const config = tenancyConfig(metadata.dataSource);
    column = config ? (metadata.columns.find((c) => c.databaseName === config.tenantColumn) ?? null) : null;
    tenantColumns.set(metadata, column);
  }
  return column;
}

/**
 * The column that limits an entity to one tenant: the tenant column of a tenant-aware entity, the
 * primary key of the tenants table itself, or null (global entity). Cached per metadata.
 */
export function scopeColumnOf(metadata: EntityMetadata): ColumnMetadata | null {
  let column = scopeColumns.get(metadata);
  if (column === undefined) {
    const config = tenancyConfig(metadata.dataSource);
    const isTenantTable = config !== undefined && metadata.tableName === config.tenantTable && metadata.primaryColumns.length === 1;
    column = tenantColumnOf(metadata) ?? (isTenantTable ? metadata.primaryColumns[0] : null);
    scopeColumns.set(metadata, column);
  }
  return column;
}
