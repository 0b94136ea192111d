import type { Dialect } from '../dialect/dialect';
import { NOW, type ColumnSpec } from './table-definition';

/** A column of a table shape: its spec and the SQL this dialect writes for it. */
export interface ColumnShape {
  name: string;
  spec: ColumnSpec;
  /** SQL type, e.g. `varchar(200)`, `timestamptz(6)`, `CHAR(36) CHARACTER SET ascii COLLATE ascii_bin`. */
  type: string;
  nullable: boolean;
  /** SQL default expression, if any. */
  default?: string;
  /** Expression of a stored generated column. */
  generated?: string;
  /** The whole column definition of CREATE TABLE / ADD COLUMN. */
  sql: string;
}

/** Longest allowed value of an enum column: its varchar length. */
export const enumLength = (values: readonly string[]): number => Math.max(...values.map((v) => v.length));

/** The SQL type of a portable column type in this dialect. */
export function sqlType(d: Dialect, spec: ColumnSpec): string {
  switch (spec.type) {
    case 'uuid':
      return d.uuidType;
    case 'json':
      return d.jsonType;
    case 'timestamp':
      return d.timestampType;
    case 'enum':
      if (!spec.values?.length) throw new TypeError(`enum column ${spec.name} needs values`);
      return `varchar(${enumLength(spec.values)})`;
    default:
      return spec.type;
  }
}

/** The SQL default of a column spec in this dialect, or undefined. */
export function sqlDefault(d: Dialect, spec: ColumnSpec): string | undefined {
  const value = spec.default;
  if (value === undefined) return undefined;
  if (value === NOW) return d.now;
  if (typeof value === 'string') return d.literal(value);
  return String(value);
}

/**
 * Resolves one column for a dialect; `generated` makes it a stored generated column.
 *
 * @example
 * resolveColumn(postgresDialect, { name: 'title', type: 'varchar(200)' }).sql; // '"title" varchar(200) NOT NULL'
 */
export function resolveColumn(d: Dialect, spec: ColumnSpec, generated?: string): ColumnShape {
  const type = sqlType(d, spec);
  const nullable = spec.nullable === true || generated !== undefined;
  const def = sqlDefault(d, spec);
  const parts = [
    d.quote(spec.name),
    type,
    // Generated columns take no NULL clause (MariaDB refuses one).
    generated !== undefined ? `GENERATED ALWAYS AS (${generated}) STORED` : nullable ? 'NULL' : 'NOT NULL',
    def === undefined ? '' : `DEFAULT ${def}${spec.onUpdateNow ? d.onUpdateNow : ''}`,
    spec.comment ? d.inlineColumnComment(spec.comment).trim() : '',
  ];
  return { name: spec.name, spec, type, nullable, default: def, generated, sql: parts.filter(Boolean).join(' ') };
}
