import type { CatalogFamily } from './catalog-source';

/** PostgreSQL `format_type` spellings → the short names the schema's SQL uses. */
const PG_RULES: Array<[RegExp, string]> = [
  [/^character varying\b/, 'varchar'],
  [/^character\b/, 'char'],
  [/^bpchar\b/, 'char'],
  [/^timestamp(\(\d+\))? with time zone$/, 'timestamptz$1'],
  [/^timestamp(\(\d+\))? without time zone$/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone$/, 'timetz$1'],
  [/^time(\(\d+\))? without time zone$/, 'time$1'],
  [/^(integer|int4)$/, 'int'],
  [/^int2$/, 'smallint'],
  [/^int8$/, 'bigint'],
  [/^bool$/, 'boolean'],
  [/^numeric\b/, 'decimal'],
];

/** MySQL-family `COLUMN_TYPE` spellings (and the DDL's own) → one form. */
const MYSQL_RULES: Array<[RegExp, string]> = [
  // The DDL names a character set and collation; COLUMN_TYPE never shows them.
  [/\s+(character set|charset)\s+\w+/g, ''],
  [/\s+collate\s+\w+/g, ''],
  // MySQL's BOOLEAN is TINYINT(1); MariaDB and MySQL < 8.0.19 add display widths to integers.
  [/^(bool|boolean|tinyint\(1\))$/, 'boolean'],
  [/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, '$1'],
  [/^integer\b/, 'int'],
  [/^numeric\b/, 'decimal'],
  // MariaDB's JSON is an alias of LONGTEXT (plus a json_valid CHECK); MySQL 8 reports json.
  [/^longtext$/, 'json'],
];

/**
 * One spelling for a column type, so that the SQL type the schema writes (`ColumnShape.type`) and
 * the type text the catalog reports (`ColumnInfo.type`) compare equal when they are the same type.
 * Lower-cased, blanks collapsed, then per family:
 * - PostgreSQL (`format_type`): `character varying(n)` → `varchar(n)`, `character(n)` → `char(n)`,
 *   `timestamp(p) with time zone` → `timestamptz(p)`, `integer` → `int`, `numeric(p,s)` →
 *   `decimal(p,s)`, `bool` → `boolean`; `uuid`, `jsonb`, `text`, `date`, `smallint`, `bigint` as they are.
 * - MySQL family (`COLUMN_TYPE`): character set and collation dropped (the catalog's type text has
 *   neither), `tinyint(1)` → `boolean`, integer display widths dropped (`int(11)` → `int`),
 *   `longtext` → `json` (MariaDB's JSON); `datetime(6)`, `uuid`, `char(36)`, `varchar(n)` as they are.
 *
 * @example
 * normalizeColumnType('postgres', 'timestamp(6) with time zone'); // 'timestamptz(6)'
 * normalizeColumnType('mysql', 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin'); // 'char(36)'
 * normalizeColumnType('mysql', 'int(11)') === normalizeColumnType('mysql', 'int'); // true
 */
export function normalizeColumnType(family: CatalogFamily, type: string): string {
  let text = type.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*,\s*/g, ',');
  for (const [pattern, replacement] of family === 'postgres' ? PG_RULES : MYSQL_RULES) text = text.replace(pattern, replacement);
  return text;
}

/**
 * The collation a column type of the schema names (`… COLLATE ascii_bin`), or null. The MySQL
 * family reports it apart from the type (`ColumnInfo.collation`), so the drift check compares it
 * on its own; for the UUID text form it decides the order ids sort in.
 *
 * @example
 * declaredCollation('CHAR(36) CHARACTER SET ascii COLLATE ascii_bin'); // 'ascii_bin'
 * declaredCollation('varchar(200)'); // null
 */
export function declaredCollation(type: string): string | null {
  return /\bcollate\s+"?([\w-]+)"?/i.exec(type)?.[1].toLowerCase() ?? null;
}
