import type { Dialect, TablePlacement } from '../dialect';
import { postgresDialect } from '../postgres-dialect';
import { citusSystemPredicate, systemAccessSetup, tenantIsolationStatements } from '../postgres-rls';
import { pgIdentifier as q, pgLiteral as lit } from '../postgres-sql';

/**
 * The co-location anchor of a new tenant table: the first table already distributed by the same
 * column (lowest oid: the first created), else Citus's default group. So every tenant table of a
 * schema lands in one co-location group, whatever its name, and a tenant's rows of all of them
 * live on the same node (joins and foreign keys stay on one shard).
 */
const anchorOf = (tenantColumn: string): string =>
  `coalesce((SELECT p.logicalrelid::regclass::text FROM pg_dist_partition p WHERE p.partmethod = 'h' ` +
  `AND column_to_column_name(p.logicalrelid, p.partkey) = ${lit(tenantColumn)} ORDER BY p.logicalrelid::oid LIMIT 1), 'default')`;

/**
 * Where Citus keeps each table of the Citus profile.
 *
 * @example
 * citusPlacement.placeTable('venues', { tenantColumn: 'tenant_id' }); // ["SELECT create_distributed_table('\"venues\"', 'tenant_id', colocate_with => …)"]
 */
export const citusPlacement: TablePlacement = {
  tenantPrimaryKey: (tenantColumn) => [tenantColumn, 'id'],
  placeTable: (table, placement) => {
    if (placement === 'local') return [];
    if (placement === 'reference') return [`SELECT create_reference_table(${lit(q(table))})`];
    const column = placement.tenantColumn;
    return [`SELECT create_distributed_table(${lit(q(table))}, ${lit(column)}, colocate_with => ${anchorOf(column)})`];
  },
};

/**
 * PostgreSQL on a Citus coordinator: the PostgreSQL dialect with what Citus needs (chosen by
 * `dialectOf` when the profile is on, see citus-profile.ts; docs/scale-out.md):
 * - tenant tables distributed by the tenant column, co-located, with primary key `(tenant_id, id)`
 *   (Citus needs the distribution column in every primary and unique key), so no separate
 *   `uq_<table>_tenant_id_id` (the key is the target of in-tenant references); global tables as
 *   reference tables or kept on the coordinator (`placement` of the definition);
 * - optional in-tenant references (and `created_by`/`updated_by`) `ON DELETE NO ACTION`: Citus
 *   refuses `SET NULL` on a key containing the distribution column, and triggers on distributed
 *   tables (a same-tenant SET NULL emulation) need a superuser setting. Deleting a parent that is
 *   still referenced fails (23503) instead of clearing the reference;
 * - the system policy without subqueries, the key table a reference table and the key check
 *   allowed to read it from inside a shard's query.
 *
 * @example
 * citusDialect.optionalTenantReference('conferences', 'venue_id', 'venues', 'tenant_id').onDeleteSql; // 'NO ACTION'
 */
export const citusDialect: Dialect = {
  ...postgresDialect,
  optionalTenantReference: (_table, column, _parent, tenantColumn) => ({
    columns: [tenantColumn, column],
    refColumns: ['tenant_id', 'id'],
    onDeleteSql: 'NO ACTION',
    onDelete: 'NO ACTION',
    triggers: [],
  }),
  tenantIsolationSetup: () => systemAccessSetup({ keysOnEveryNode: true }),
  tenantIsolation: (table, column) => tenantIsolationStatements(table, column, citusSystemPredicate),
  placement: citusPlacement,
};
