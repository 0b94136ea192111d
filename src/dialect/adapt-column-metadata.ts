import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { definitionOf } from '../entities/defined-entity';
import { TenantAwareEntity } from '../entities/tenant-aware-entity';
import { UuidV7Entity } from '../entities/uuid-v7-entity';
import { tenantColumnOf } from '../scopes/tenancy-options';
import { alignColumnFormsWithLiveSchema, formOf, type ColumnForm, type ColumnForms } from './align-column-forms';
import type { Dialect } from './dialect';
import { dialectOf } from './dialect-of';

/** The classes whose columns `createTenantTable` writes for every tenant-aware table. */
const BASE_CLASSES: ReadonlySet<unknown> = new Set([UuidV7Entity, TenantAwareEntity]);

/** The type our DDL gives a column TypeORM would declare otherwise, or undefined when they agree. */
function dialectForm(dialect: Dialect, column: ColumnMetadata): ColumnForm | undefined {
  const form = formOf(column);
  if (dialect.name === 'mysql' && column.type === 'uuid') return { ...form, type: 'char', length: '36', charset: 'ascii', collation: 'ascii_bin' };
  if (dialect.family === 'postgres' && column.type === 'json') return { ...form, type: 'jsonb' };
  // Entities say 'timestamp' for an instant; the DDL stores timestamptz (PostgreSQL), DATETIME(6) UTC (MySQL family).
  if (dialect.family === 'postgres' && column.type === 'timestamp') return { ...form, type: 'timestamp with time zone' };
  if (dialect.family === 'mysql' && column.type === 'timestamp') return { ...form, type: 'datetime', precision: 6 };
  return undefined;
}

/** Columns whose DDL this library writes: every column of a defined entity (@DefinedEntity), the base-class columns of a tenant-aware one. */
function ownsDdlOf(metadata: EntityMetadata, column: ColumnMetadata): boolean {
  if (definitionOf(metadata.target)) return true;
  return tenantColumnOf(metadata) !== null && BASE_CLASSES.has(column.target);
}

/**
 * Aligns the column metadata this library owns with the DDL its migrations and `createTenantTable`
 * write, and nothing else. Runs once, right after TypeORM builds the metadata (enableTenancy).
 *
 * Which columns: every column of the **bundled entities** (their tables come from the bundled
 * migrations), and on **your tenant-aware entities only the columns inherited from
 * `UuidV7Entity`/`TenantAwareEntity`** (`id`, `tenant_id`, `created_by`, `updated_by`,
 * `created_at`, `updated_at`, `deleted_at`, which `createTenantTable` writes), plus foreign-key
 * and junction columns referencing such a column (TypeORM gives a foreign key its target's type;
 * MySQL refuses the key otherwise). Columns you declare yourself, and every column of an entity
 * that is not tenant-aware, keep exactly TypeORM's metadata.
 *
 * What: MySQL `uuid` → `CHAR(36)` ascii_bin (TypeORM would say `varchar`); PostgreSQL `json` →
 * `jsonb` and `timestamp` → `timestamptz`; MySQL family `timestamp` → `DATETIME(6)` (UTC).
 *
 * Never a DROP + ADD: an existing table may have been created either way (bundled or
 * `createTenantTable` DDL, or plain TypeORM `synchronize()`), and TypeORM changes a column type
 * by dropping and re-adding the column. So before every `synchronize()` / `migration:generate`
 * (`driver.createSchemaBuilder()`) each of these columns takes the form the live column already
 * has; only tables and columns that do not exist yet are created with our DDL's types.
 *
 * @example
 * adaptColumnMetadata(dataSource); // called by enableTenancy()
 */
export function adaptColumnMetadata(dataSource: DataSource): void {
  const dialect = dialectOf(dataSource);
  const forms: ColumnForms = new Map();
  const columns = dataSource.entityMetadatas.flatMap((metadata) => metadata.columns.map((column) => ({ metadata, column })));
  for (const { metadata, column } of columns) {
    if (column.referencedColumn || !ownsDdlOf(metadata, column)) continue;
    const adapted = dialectForm(dialect, column);
    if (adapted) forms.set(column, { typeorm: formOf(column), adapted });
  }
  // Foreign keys follow what they reference (chains: a key that is itself referenced), on any entity.
  for (let added = true; added; ) {
    added = false;
    for (const { column } of columns) {
      const target = column.referencedColumn && forms.get(column.referencedColumn);
      if (!target || forms.has(column)) continue;
      forms.set(column, { typeorm: formOf(column), adapted: { ...formOf(column), ...followed(target.adapted) } });
      added = true;
    }
  }
  for (const [column, { adapted }] of forms) Object.assign(column, adapted);
  alignColumnFormsWithLiveSchema(dataSource, forms);
}

const followed = ({ type, length, charset, collation }: ColumnForm): Partial<ColumnForm> => ({ type, length, charset, collation });
