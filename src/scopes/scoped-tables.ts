import type { DataSource, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { scopeColumnOf } from './tenancy-options';

/** How a link table without a tenant column (a many-to-many junction, a closure table) is scoped. */
export interface LinkOwner {
  /** The tenant-aware entity whose rows the link's first side references. */
  readonly owner: EntityMetadata;
  /** Pairs of (column of the link table, referenced primary column of `owner`). */
  readonly columns: ReadonlyArray<readonly [ColumnMetadata, ColumnMetadata]>;
}

const links = new WeakMap<EntityMetadata, LinkOwner | null>();

/**
 * The owner a junction or closure table of a tenant-aware entity is scoped through, or null. The
 * first side (the owner side of a junction, the ancestor of a closure table) whose entity has a
 * scope column wins; a link between global entities is not scoped. Cached per metadata.
 *
 * @example
 * linkOwnerOf(dataSource.getMetadata('task_labels'))?.owner.name; // 'Task'
 */
export function linkOwnerOf(metadata: EntityMetadata): LinkOwner | null {
  let link = links.get(metadata);
  if (link === undefined) {
    link = null;
    if ((metadata.isJunction || metadata.tableType === 'closure-junction') && !scopeColumnOf(metadata)) {
      const referencing = metadata.columns.filter((c) => c.referencedColumn && scopeColumnOf(c.referencedColumn.entityMetadata));
      const owner = referencing[0]?.referencedColumn!.entityMetadata;
      if (owner) {
        const side = referencing.filter((c) => c.referencedColumn!.entityMetadata === owner).slice(0, owner.primaryColumns.length);
        link = { owner, columns: side.map((c) => [c, c.referencedColumn!] as const) };
      }
    }
    links.set(metadata, link);
  }
  return link;
}

/**
 * True when rows of `metadata` belong to tenants: tenant-aware, the tenants table, or a link of one.
 *
 * @example
 * isScopedTable(dataSource.getMetadata('task_labels')); // true: junction of a tenant-aware entity
 */
export function isScopedTable(metadata: EntityMetadata): boolean {
  return scopeColumnOf(metadata) !== null || linkOwnerOf(metadata) !== null;
}

/** Per built metadata list (rebuilt by each initialize()): table name → tenant-scoped metadata. */
const byTableName = new WeakMap<EntityMetadata[], Map<string, EntityMetadata>>();

/** `public.notes`, `"public"."notes"`, `` `db`.`notes` `` → `notes` (case folded). */
function bareTableName(tablePath: string): string {
  const parts = tablePath.replace(/["`[\]]/g, '').split('.');
  return parts[parts.length - 1].trim().toLowerCase();
}

/**
 * The tenant-scoped metadata a query names by table path instead of by entity (`from('public.notes')`,
 * `delete().from('db.note_tags')`, `clearTable('notes')`), or undefined. Matched on the table name
 * whatever the schema or database qualifier and quoting: a same-named table elsewhere is treated as
 * the tenant table (fail closed).
 *
 * @example
 * scopedTableOfPath(dataSource, 'public.tasks')?.name; // 'Task'
 */
export function scopedTableOfPath(dataSource: DataSource, tablePath: string | undefined): EntityMetadata | undefined {
  if (!tablePath || tablePath.startsWith('(')) return undefined;
  const metadatas = dataSource.entityMetadatas;
  let tables = byTableName.get(metadatas);
  if (!tables) {
    tables = new Map(metadatas.filter(isScopedTable).map((m) => [m.tableName.toLowerCase(), m]));
    byTableName.set(metadatas, tables);
  }
  return tables.get(bareTableName(tablePath));
}
