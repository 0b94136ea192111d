import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

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
   * connection then carries the current tenant in `app.tenant_id` (no tenant: `''`, which the
   * bundled policies turn into "no rows"). `{ systemKey }` also lets `withoutTenantScope` through
   * the policies when the key is registered in the database (see docs/security.md); without it,
   * system work under the application role sees no tenant rows. `false` switches the wall's
   * session settings off. The MySQL family has no row-level security: asking for it there throws.
   *
   * With the wall on, each parameterized statement is also prepared once per connection (up to 256
   * texts), so the server does not plan it, and the policies with it, on every execution;
   * `preparedStatements: false` turns that off. See docs/security.md ("Prepared statements").
   */
  rowLevelSecurity?: boolean | { systemKey?: string; preparedStatements?: boolean };
}

/** Resolved options, kept per DataSource. */
export interface TenancyConfig {
  readonly tenantColumn: string;
  readonly validate: boolean;
  readonly tenantTable: string;
  /** false, or the session settings are on (with the system key, or null; statements prepared or not). */
  readonly rowLevelSecurity: false | { readonly systemKey: string | null; readonly preparedStatements: boolean };
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
