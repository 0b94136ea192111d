import type { TableDefinition } from '../schema/table-definition';

/** Vindex types that shard a UUID tenant column evenly (Vitess's functional unique vindexes over bytes). */
export type TenantVindexType = 'xxhash' | 'binary_md5';

/** Options of {@link vitessVschema}. */
export interface VschemaOptions {
  /** The sharded keyspace of the tenant tables. Default `tenancy`. */
  keyspace?: string;
  /** The unsharded keyspace of the global tables (and TypeORM's own). Default `tenancy_global`. */
  globalKeyspace?: string;
  /** The primary vindex on the tenant column. Default `xxhash`. */
  vindex?: TenantVindexType;
  /** The tenants table (global; also a reference copy in the sharded keyspace). Default `tenants`. */
  tenantTable?: string;
  /** TypeORM's own tables, kept in the unsharded keyspace. Default `['migrations', 'typeorm_metadata']`. */
  typeormTables?: readonly string[];
}

/** A VSchema table entry: sharded by column vindexes, or a reference copy of a global table. */
export type VschemaTable =
  | { column_vindexes: Array<{ column: string; name: string }> }
  | { type: 'reference'; source: string }
  | Record<string, never>;

/** One keyspace's VSchema, as `vtctldclient ApplyVSchema --vschema` takes it. */
export interface KeyspaceVschema {
  sharded: boolean;
  vindexes?: Record<string, { type: string }>;
  tables: Record<string, VschemaTable>;
}

/** What {@link vitessVschema} returns: the VSchema of each keyspace, by keyspace name. */
export interface VitessVschema {
  keyspaces: Record<string, KeyspaceVschema>;
}

/**
 * The Vitess VSchema of a set of table definitions (the bundled ones by default in the CLI): every
 * tenant table in one sharded keyspace whose only vindex is a hash of the tenant column (`xxhash`
 * by default; UUID bytes need a byte-hashing vindex, not `hash`, which takes integers), so all the
 * rows of a tenant live on one shard and every statement the scope layer sends (it always carries
 * `tenant_id = ?`) routes to that shard. Every global table lives in an unsharded keyspace, with
 * TypeORM's migrations and metadata tables; `tenants` and the seeded reference data (countries,
 * languages) also get a `type: reference` entry in the sharded keyspace (Vitess >= 17), so joins
 * from tenant tables to them stay on one shard once copied there (Materialize … --reference-tables).
 * No sequences: ids are UUIDv7 made by the application. Keys are sorted, so the output is stable.
 *
 * @example
 * const v = vitessVschema([tenantsTable, ...schemaTables]);
 * v.keyspaces.tenancy.tables.sessions; // { column_vindexes: [{ column: 'tenant_id', name: 'tenant_xxhash' }] }
 */
export function vitessVschema(definitions: readonly TableDefinition[], options: VschemaOptions = {}): VitessVschema {
  const keyspace = options.keyspace ?? 'tenancy';
  const globalKeyspace = options.globalKeyspace ?? 'tenancy_global';
  const vindex = options.vindex ?? 'xxhash';
  if (keyspace === globalKeyspace) throw new RangeError(`vitessVschema: the sharded and the global keyspace must differ (both '${keyspace}').`);
  const vindexName = `tenant_${vindex}`;
  const sharded: Record<string, VschemaTable> = {};
  const global: Record<string, VschemaTable> = {};
  for (const def of [...definitions].sort((a, b) => a.name.localeCompare(b.name))) {
    if (def.kind === 'tenant') {
      sharded[def.name] = { column_vindexes: [{ column: def.tenantColumn ?? 'tenant_id', name: vindexName }] };
      continue;
    }
    global[def.name] = {};
    // Tables tenant rows point at or join with: the tenants and the seeded reference data.
    if (def.name === (options.tenantTable ?? 'tenants') || def.seed !== undefined) sharded[def.name] = { type: 'reference', source: `${globalKeyspace}.${def.name}` };
  }
  for (const table of options.typeormTables ?? ['migrations', 'typeorm_metadata']) global[table] = {};
  const sorted = (tables: Record<string, VschemaTable>) => Object.fromEntries(Object.entries(tables).sort(([a], [b]) => a.localeCompare(b)));
  return {
    keyspaces: {
      [keyspace]: { sharded: true, vindexes: { [vindexName]: { type: vindex } }, tables: sorted(sharded) },
      [globalKeyspace]: { sharded: false, tables: sorted(global) },
    },
  };
}
