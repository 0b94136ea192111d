import type { DataSource } from 'typeorm';
import * as catalog from '../../dialect/catalog';

/**
 * What the migrations define, as the catalog readers of src/dialect/catalog report it, for
 * comparing two states of one database: tables, columns, indexes, foreign keys, other
 * constraints, triggers, loose objects (types, functions, sequences, views, routines),
 * row-level security and policies (PostgreSQL), and the rows of TypeORM's `typeorm_metadata`.
 * TypeORM's own bookkeeping tables are left out: the runner creates them, not the migrations.
 * Roles are server-wide and not part of it.
 *
 * @example
 * const start: CatalogSnapshot = await snapshotCatalog(dataSource);
 */
export interface CatalogSnapshot {
  tables: catalog.TableInfo[];
  columns: catalog.ColumnInfo[];
  indexes: catalog.IndexInfo[];
  foreignKeys: catalog.ForeignKeyInfo[];
  constraints: catalog.ConstraintInfo[];
  triggers: catalog.TriggerInfo[];
  loose: string[];
  rowSecurity: catalog.RowSecurityInfo[];
  /** Rows of `typeorm_metadata` (generated-column records), as sorted JSON strings; none when the table is absent. */
  metadataRows: string[];
}

/**
 * TypeORM's bookkeeping tables of a DataSource: the migrations table and `typeorm_metadata`.
 *
 * @example
 * bookkeepingTables(dataSource); // ['migrations', 'typeorm_metadata']
 */
export const bookkeepingTables = (dataSource: DataSource): string[] => [dataSource.options.migrationsTableName ?? 'migrations', dataSource.metadataTableName];

/**
 * Reads a {@link CatalogSnapshot} of the current schema (PostgreSQL) or database (MySQL family).
 *
 * @example
 * const before = await snapshotCatalog(dataSource);
 * await dryRunMigrations(dataSource);
 * expect(diffCatalogs(before, await snapshotCatalog(dataSource))).toEqual([]);
 */
export async function snapshotCatalog(dataSource: DataSource): Promise<CatalogSnapshot> {
  const exclude = bookkeepingTables(dataSource);
  const keep = <T extends { table: string }>(rows: T[]) => rows.filter((r) => !exclude.includes(r.table));
  const tables = await catalog.listTables(dataSource);
  const metadata = dataSource.metadataTableName;
  const metadataRows = tables.some((t) => t.name === metadata)
    ? ((await dataSource.query(`SELECT * FROM ${dataSource.driver.escape(metadata)}`)) as object[]).map((r) => JSON.stringify(r)).sort()
    : [];
  return {
    tables: tables.filter((t) => !exclude.includes(t.name)),
    columns: keep(await catalog.listColumns(dataSource)),
    indexes: keep(await catalog.listIndexes(dataSource)),
    foreignKeys: keep(await catalog.listForeignKeys(dataSource)),
    constraints: keep(await catalog.listConstraints(dataSource)),
    triggers: keep(await catalog.listTriggers(dataSource)),
    loose: await catalog.listLooseObjects(dataSource),
    rowSecurity: keep((await catalog.listRowSecurity(dataSource)) ?? []),
    metadataRows,
  };
}

const PART_NAMES: Record<keyof CatalogSnapshot, string> = {
  tables: 'table',
  columns: 'column',
  indexes: 'index',
  foreignKeys: 'foreign key',
  constraints: 'constraint',
  triggers: 'trigger',
  loose: 'object',
  rowSecurity: 'row security of',
  metadataRows: 'typeorm_metadata row',
};

/** The name an entry is known by: `table.name`, the table, or the entry itself. */
function keyOf(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const e = entry as { table?: string; name?: string };
  return e.table !== undefined && e.name !== undefined ? `${e.table}.${e.name}` : (e.table ?? e.name ?? JSON.stringify(entry));
}

/**
 * The differences between two snapshots, one readable line each (`column tenants.hm_note: only
 * in the second`, `index notes.idx_notes_title: differs`), empty when they are identical.
 *
 * @example
 * diffCatalogs(start, afterRevert); // ['column tenants.hm_note: only in the second']
 */
export function diffCatalogs(first: CatalogSnapshot, second: CatalogSnapshot, labels: [string, string] = ['the first', 'the second']): string[] {
  const lines: string[] = [];
  for (const part of Object.keys(PART_NAMES) as Array<keyof CatalogSnapshot>) {
    const a = new Map<string, string>((first[part] as unknown[]).map((e) => [keyOf(e), JSON.stringify(e)]));
    const b = new Map<string, string>((second[part] as unknown[]).map((e) => [keyOf(e), JSON.stringify(e)]));
    for (const [key, value] of a) {
      if (!b.has(key)) lines.push(`${PART_NAMES[part]} ${key}: only in ${labels[0]}`);
      else if (b.get(key) !== value) lines.push(`${PART_NAMES[part]} ${key}: differs (${labels[0]} ${value}, ${labels[1]} ${b.get(key)})`);
    }
    for (const key of b.keys()) if (!a.has(key)) lines.push(`${PART_NAMES[part]} ${key}: only in ${labels[1]}`);
  }
  return lines;
}
