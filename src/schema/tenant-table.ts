import type { TableDefinition } from './table-definition';

/** A tenant table's definition as you write it: a {@link TableDefinition} without `kind`. */
export type TenantTableDefinition = Omit<TableDefinition, 'kind' | 'phase' | 'primaryKey' | 'timestamps' | 'isolatedBy' | 'seed'>;

/**
 * Declares one of your tenant tables once, for both its migration (`createTenantTable`) and its
 * entity (`@DefinedEntity`). Checks nothing by itself; the shape is validated when it is used.
 *
 * @example
 * export const notebooks = tenantTable({
 *   name: 'notebooks', comment: 'Notebooks of a tenant',
 *   columns: [{ name: 'title', type: 'varchar(200)' }],
 *   uniques: [{ name: 'uq_notebooks_title', columns: ['tenant_id', 'title'], whileLive: true }],
 * });
 */
export function tenantTable(definition: TenantTableDefinition): TableDefinition & { kind: 'tenant' } {
  return { ...definition, kind: 'tenant' };
}
