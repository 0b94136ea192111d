import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Dialect } from '../../src/dialect/dialect';
import { dialectOf } from '../../src/dialect/dialect-of';
import { sqlType } from '../../src/schema/column-shape';
import type { ColumnSpec } from '../../src/schema/table-definition';
import { USERS_PHASE, type TableDefinition, type TenantReference } from '../../src/schema/table-definition';
import { uuidv7 } from '../../src/uuid';

/**
 * A generic fixture for the declarative schema: one valid row per tenant table for a tenant,
 * inserted with raw SQL in phase order. NOT NULL columns without a default get a value from their
 * type; every reference (required or optional) points at the same tenant's parent row; a table
 * that references itself gets a root row and a child of it; `created_by`/`updated_by` point at the
 * tenant's user. Nothing here knows a table by name, so it covers whatever `schemaTables` holds.
 *
 * @example
 * const a = await insertTenantFixture(ds, schemaTables, await insertTenant(ds, 'a'));
 * a.ids.get('conferences')![0]; // id of tenant A's conference
 */

export type Row = Record<string, unknown>;

/** Rows a fixture inserted, per table (root row first), as they were sent. */
export interface TenantFixture {
  tenantId: string;
  rows: Map<string, Row[]>;
}

/** Id of the fixture's first row of `table`. */
export const rootId = (f: TenantFixture, table: string): string | undefined => f.rows.get(table)?.[0]?.id as string | undefined;


/** The columns a definition adds for its references (with the column spec the migration gives them). */
export const referenceOf = (def: TableDefinition, column: string): TenantReference | undefined =>
  (def.references ?? []).find((r) => r.column === column);

export const tenantTables = (defs: readonly TableDefinition[]) => defs.filter((t) => t.kind === 'tenant');

/** Whether the migration adds `created_by`/`updated_by` foreign keys to `users` to this table. */
export const hasActorKeys = (def: TableDefinition) => def.kind === 'tenant' && def.phase! >= USERS_PHASE;

let counter = 0;
const token = (length: number) => {
  counter += 1;
  const base = `${counter.toString(36)}${randomBytes(8).toString('hex')}`;
  return base.slice(0, Math.max(1, length));
};

/**
 * A value that fits column type `type` (as rendered for `d`). Strings are unique per call so two
 * fixture rows never collide on a unique key; dates named like an end come after the start.
 * Throws for a type it does not know, naming it, so a new type gets a rule here.
 */
/** A valid value for a column spec (an enum's first value). */
export const valueForSpec = (d: Dialect, spec: ColumnSpec): unknown =>
  spec.type === 'enum' ? spec.values![0] : valueForType(sqlType(d, spec), spec.name, d);

export function valueForType(type: string, column: string, d: Dialect): unknown {
  const t = type.trim();
  const enumValues = /^ENUM\((.*)\)/i.exec(t)?.[1] ?? /CHECK\s*\(.*?\bIN\s*\((.*?)\)\s*\)/i.exec(t)?.[1];
  if (enumValues) return /'((?:[^']|'')*)'/.exec(enumValues)![1].replace(/''/g, "'");
  const lower = t.toLowerCase();
  const size = Number(/\((\d+)/.exec(lower)?.[1] ?? 0);
  if (lower === d.uuidType.toLowerCase() || /^(uuid|char\(36\))/.test(lower)) return uuidv7();
  if (lower.startsWith('varchar') || lower.startsWith('character varying')) {
    if (/email/.test(column)) return `${token(Math.min(40, size - 12))}@example.org`.slice(-size);
    return token(Math.min(size, 24));
  }
  if (lower.startsWith('char')) return token(size).toUpperCase().padEnd(size, 'X');
  if (/^(tiny|medium|long)?text/.test(lower)) return `text ${token(12)}`;
  if (/^(tinyint\(1\)|bool)/.test(lower)) return d.family === 'postgres' ? true : 1;
  if (/^(small|tiny|medium|big)?int/.test(lower) || lower.startsWith('integer')) return 1;
  if (/^(decimal|numeric)/.test(lower)) {
    const [, p, s] = /\((\d+)\s*,\s*(\d+)\)/.exec(lower) ?? [, '10', '0'];
    return Number(p) - Number(s) >= 1 ? '1' : '0';
  }
  if (/^(float|double|real)/.test(lower)) return 1;
  const later = /(^|_)(end|ends|until|expires|finish|to|closes)(_|$)/.test(column);
  if (lower === 'date') return later ? '2026-06-02' : '2026-06-01';
  if (/^(timestamp|datetime)/.test(lower)) return later ? '2026-06-02 10:00:00' : '2026-06-01 09:00:00';
  if (/^time/.test(lower)) return later ? '17:00:00' : '09:00:00';
  if (/^json/.test(lower)) return '{}';
  if (/^(inet|cidr)/.test(lower)) return '127.0.0.1';
  if (/^(bytea|blob|binary|varbinary)/.test(lower)) return randomBytes(Math.min(size || 16, 16));
  throw new Error(`schema-fixtures: no value rule for column ${column} of type ${type}; add one to valueForType`);
}

/**
 * One valid row of `def` for `tenantId`: every NOT NULL column without a default, every reference
 * from `parent(table)` (a self reference from `self`, else NULL), actor columns from `actor`.
 */
export function buildRow(
  d: Dialect,
  def: TableDefinition,
  tenantId: string,
  parent: (table: string) => string | undefined,
  options: { self?: string; actor?: string } = {},
): Row {
  const row: Row = { id: uuidv7(), tenant_id: tenantId };
  for (const ref of def.references ?? []) {
    const id = ref.table === def.name ? options.self : parent(ref.table);
    if (id === undefined && !ref.nullable) throw new Error(`schema-fixtures: ${def.name}.${ref.column} needs a ${ref.table} row first`);
    row[ref.column] = id ?? null;
  }
  for (const c of def.columns) {
    if (c.nullable || c.default !== undefined) continue;
    row[c.name] = valueForSpec(d, c);
  }
  if (hasActorKeys(def) && options.actor) {
    row.created_by = options.actor;
    row.updated_by = options.actor;
  }
  return row;
}

/** INSERT of one row with bound parameters (no library layer involved). */
export async function insertRow(ds: DataSource, table: string, row: Row): Promise<void> {
  const d = dialectOf(ds);
  const keys = Object.keys(row);
  const marks = keys.map((_, i) => (d.family === 'postgres' ? `$${i + 1}` : '?'));
  await ds.query(`INSERT INTO ${d.quote(table)} (${keys.map(d.quote).join(', ')}) VALUES (${marks.join(', ')})`, Object.values(row));
}

/** A tenant row inserted with raw SQL; returns its id. */
export async function insertTenant(ds: DataSource, slug: string): Promise<string> {
  const id = uuidv7();
  await insertRow(ds, 'tenants', { id, name: slug.toUpperCase(), slug: `${slug}-${token(6)}` });
  return id;
}

/** Whether a definition references its own table (a hierarchy such as `parent_id`). */
const selfReferencing = (def: TableDefinition) => (def.references ?? []).some((r) => r.table === def.name);

/** Called before a table's fixture rows go in, with the tenant's rows so far (e.g. to try bad rows first). */
export type BeforeTable = (def: TableDefinition, fixture: TenantFixture, row: Row) => Promise<void>;

/**
 * Inserts one row per tenant table of `defs` (phase order) for `tenantId`, plus a child row for
 * self-referencing tables. `before` runs before each table's rows with the root row about to go in.
 */
export async function insertTenantFixture(
  ds: DataSource,
  defs: readonly TableDefinition[],
  tenantId: string,
  before?: BeforeTable,
): Promise<TenantFixture> {
  const d = dialectOf(ds);
  const fixture: TenantFixture = { tenantId, rows: new Map() };
  const first = (table: string) => rootId(fixture, table);
  for (const def of [...tenantTables(defs)].sort((a, b) => a.phase! - b.phase!)) {
    const actor = def.name === 'users' ? undefined : first('users');
    const root = buildRow(d, def, tenantId, first, { actor });
    await before?.(def, fixture, root);
    await insertRow(ds, def.name, root);
    const rows = [root];
    if (selfReferencing(def)) {
      const child = buildRow(d, def, tenantId, first, { actor, self: String(root.id) });
      await insertRow(ds, def.name, child);
      rows.push(child);
    }
    fixture.rows.set(def.name, rows);
  }
  return fixture;
}

/** A link from a fixture row to another: a tenant reference or an actor column (`created_by`/`updated_by` → users). */
export interface Link {
  column: string;
  table: string;
  /** true: the row goes when the target goes (CASCADE); false: the column becomes NULL. */
  cascade: boolean;
  /** An actor column: a plain key to `users(id)`, not tied to the row's tenant by the database. */
  actor: boolean;
}

const linksOf = (def: TableDefinition): Link[] => [
  ...(def.references ?? []).map((r) => ({ column: r.column, table: r.table, cascade: !r.nullable, actor: false })),
  ...(hasActorKeys(def) ? ['created_by', 'updated_by'].map((column) => ({ column, table: 'users', cascade: false, actor: true })) : []),
];

/**
 * What deleting the row `id` of `table` must do to a fixture, derived from the definitions alone:
 * the set of rows that go (following CASCADE links transitively) and, for the rows that stay,
 * the link columns that become NULL. Rows are told apart by id (UUIDv7, unique across tables).
 */
export function expectedAfterDelete(
  defs: readonly TableDefinition[],
  fixture: TenantFixture,
  id: string,
): { deleted: Set<string>; nulled: Map<string, string[]> } {
  const deleted = new Set([id]);
  const byName = new Map(defs.map((d) => [d.name, d]));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, rows] of fixture.rows) {
      for (const row of rows) {
        if (deleted.has(String(row.id))) continue;
        if (linksOf(byName.get(name)!).some((l) => l.cascade && row[l.column] != null && deleted.has(String(row[l.column])))) {
          deleted.add(String(row.id));
          grew = true;
        }
      }
    }
  }
  const nulled = new Map<string, string[]>();
  for (const [name, rows] of fixture.rows) {
    for (const row of rows) {
      if (deleted.has(String(row.id))) continue;
      const columns = linksOf(byName.get(name)!)
        .filter((l) => !l.cascade && row[l.column] != null && deleted.has(String(row[l.column])))
        .map((l) => l.column);
      if (columns.length) nulled.set(String(row.id), columns);
    }
  }
  return { deleted, nulled };
}

/** Every link (reference or actor column) of the definitions, for orphan checks. */
export const allLinks = (defs: readonly TableDefinition[]): Array<Link & { child: string }> =>
  tenantTables(defs).flatMap((def) => linksOf(def).map((l) => ({ ...l, child: def.name })));

/** Rows of `table` per tenant id, straight from the database. */
export async function countByTenant(ds: DataSource, table: string, tenantId: string): Promise<number> {
  const d = dialectOf(ds);
  const mark = d.family === 'postgres' ? '$1' : '?';
  const rows = await ds.query(`SELECT COUNT(*) AS n FROM ${d.quote(table)} WHERE ${d.quote('tenant_id')} = ${mark}`, [tenantId]);
  return Number(rows[0].n);
}

/** Why the database refused a statement, from SQLSTATE (PostgreSQL) or errno (MySQL family). */
export type Refusal = 'not-null' | 'foreign-key' | 'unique' | 'check' | 'other';

/** Classifies a driver error (TypeORM's QueryFailedError keeps the driver's fields). */
export function refusalOf(error: unknown): Refusal {
  const e = error as { code?: string; errno?: number; message?: string; driverError?: { code?: string; errno?: number } };
  const code = String(e.driverError?.code ?? e.code ?? '');
  const errno = Number(e.driverError?.errno ?? e.errno ?? 0);
  if (code === '23502' || errno === 1048 || errno === 1364) return 'not-null';
  // 1644: SIGNAL of the MySQL-family triggers that guard optional references ("must reference …").
  // 1451/1217: a parent row still referenced (an UPDATE or DELETE of a referenced key without CASCADE).
  if (code === '23503' || errno === 1452 || errno === 1216 || errno === 1451 || errno === 1217 || (errno === 1644 && /must reference/.test(e.message ?? ''))) return 'foreign-key';
  if (code === '23505' || errno === 1062) return 'unique';
  if (code === '23514' || errno === 4025 || errno === 3819) return 'check';
  return 'other';
}

/** Runs `fn`; resolves to how the database refused it, or `'accepted'`. */
export async function attempt(fn: () => Promise<unknown>): Promise<Refusal | 'accepted'> {
  try {
    await fn();
    return 'accepted';
  } catch (error) {
    return refusalOf(error);
  }
}
