import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { tenantColumnOf } from '../scopes/tenancy-options';
import { REDACTED } from './audit-options';

/** Values as they go into the JSON columns, keyed by database column name. */
export type AuditValues = Record<string, unknown>;

/**
 * A value as stored in `old_values`/`new_values`: dates as ISO text, binary as its length, a raw
 * SQL value of a query builder (`() => 'views + 1'`) as `{ $sql: 'views + 1' }`, bigint as text.
 */
export function auditValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'function') return { $sql: String((value as () => unknown)()) };
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `[binary ${value.byteLength} bytes]`;
  return value;
}

const columnRedacted = (column: ColumnMetadata, redacts: (name: string) => boolean) =>
  redacts(column.propertyName) || redacts(column.propertyPath) || redacts(column.databaseName);

/**
 * The values of `columns` (default: all of the entity's) on `object`, keyed by column name, with
 * redacted ones replaced by the marker. Unset (undefined) values, the tenant column and the columns
 * in `skip` are left out; null when nothing is left.
 */
export function columnValues(
  metadata: EntityMetadata,
  object: ObjectLiteral | undefined,
  redacts: (name: string) => boolean,
  columns: readonly ColumnMetadata[] = metadata.columns,
  skip: readonly ColumnMetadata[] = [],
): AuditValues | null {
  if (!object) return null;
  const tenant = tenantColumnOf(metadata);
  const values: AuditValues = {};
  for (const column of columns) {
    if (column === tenant || skip.includes(column)) continue;
    const value = column.getEntityValue(object);
    if (value === undefined) continue;
    values[column.databaseName] = columnRedacted(column, redacts) ? REDACTED : auditValue(value);
  }
  return Object.keys(values).length ? values : null;
}

/** The criteria of a statement whose rows are not known: its WHERE text and the values it binds. */
export interface StatementCriteria {
  where: string;
  parameters: Record<string, unknown>;
  affected?: number;
}

const PLACEHOLDER = /:(\.\.\.)?([A-Za-z0-9_]+)/g;
// The identifier a placeholder is compared with: `"password" = :p`, `t.token IN (:...p)`, `secret LIKE :p`.
const COMPARED = /([A-Za-z_][A-Za-z0-9_]*)[`"\]]?\s*(?:=|<>|!=|>=|<=|>|<|\bLIKE\b|\bILIKE\b|\bIN\s*\()\s*\(?\s*$/i;

/**
 * The WHERE text of a statement (placeholders `:name` as written, scope conditions included) and
 * its parameters, a parameter replaced by the marker when its name or the column it is compared
 * with is redacted.
 */
export function statementCriteria(where: string, all: ObjectLiteral, redacts: (name: string) => boolean): StatementCriteria {
  const parameters: Record<string, unknown> = {};
  for (const match of where.matchAll(PLACEHOLDER)) {
    const name = match[2];
    if (!(name in all) || name in parameters) continue;
    const compared = COMPARED.exec(where.slice(Math.max(0, match.index - 120), match.index))?.[1];
    const value = all[name];
    parameters[name] = redacts(name) || (compared !== undefined && redacts(compared)) ? REDACTED : Array.isArray(value) ? value.map(auditValue) : auditValue(value);
  }
  return { where, parameters };
}

const COND = String.raw`[\x60"\[]?([A-Za-z0-9_]+)[\x60"\]]?\s*(?:=\s*:([A-Za-z0-9_]+)|IN\s*\(\s*:\.\.\.([A-Za-z0-9_]+)\s*\))`;
// The caller's condition is the id alone: `"id" = :p` (or IN with one value), alone or followed only by the scope conditions.
const ID_ONLY = new RegExp(String.raw`^(?:\(\s*${COND}\s*\)\s+AND\s+\(.*|${COND})$`, 's');

/**
 * The one row a statement's criteria name (`update(id, …)`, `delete({ id })`): the value when the
 * WHERE is the primary key compared with one value (scope conditions aside), else undefined.
 */
export function pinnedValue(where: string, parameters: ObjectLiteral, primaryColumn: string): unknown {
  const m = ID_ONLY.exec(where);
  if (!m) return undefined;
  const [column, equal, list] = m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
  if (column !== primaryColumn) return undefined;
  const value = parameters[equal ?? list];
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}
