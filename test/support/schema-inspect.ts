import type { DataSource } from 'typeorm';

/**
 * Catalog reads for schema tests, one query per family: PostgreSQL's pg_catalog (server and PGlite)
 * and the MySQL family's information_schema. Everything is returned sorted, so two snapshots of the
 * same schema compare equal with `toEqual`.
 */

export type Family = 'postgres' | 'mysql';

export const familyOf = (ds: DataSource): Family => (ds.driver.options.type === 'postgres' ? 'postgres' : 'mysql');

/** A column as the database reports it. */
export interface ColumnInfo {
  table: string;
  name: string;
  position: number;
  /** `format_type` on PostgreSQL, `COLUMN_TYPE` on the MySQL family. */
  type: string;
  nullable: boolean;
  default: string | null;
  /** Generation expression of a generated column, else null. */
  generated: string | null;
  comment: string | null;
}

/** An index (unique constraints and primary keys included). */
export interface IndexInfo {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  /** Key columns in order; null for an expression. */
  columns: Array<string | null>;
  /** PostgreSQL INCLUDE columns (always [] on the MySQL family). */
  include: string[];
  /** PostgreSQL partial-index predicate. */
  predicate: string | null;
  /** `btree`, `gin`, `fulltext`, … (lower case). */
  method: string;
  /** Full definition where the database offers one (PostgreSQL `pg_get_indexdef`), else ''. */
  definition: string;
}

/** A foreign key. `onDelete`/`onUpdate` are upper-case rules: CASCADE, SET NULL, NO ACTION, RESTRICT. */
export interface ForeignKeyInfo {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
  /** PostgreSQL `pg_get_constraintdef` (shows `SET NULL (col)`); '' on the MySQL family. */
  definition: string;
}

/** Any other constraint (PostgreSQL p/u/c/x, MySQL-family CHECK / UNIQUE / PRIMARY KEY). */
export interface ConstraintInfo {
  table: string;
  name: string;
  kind: string;
  definition: string;
}

export interface TriggerInfo {
  table: string;
  name: string;
  timing: string;
  event: string;
  statement: string;
}

export interface TableInfo {
  name: string;
  comment: string | null;
}

const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const lower = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
const query = async (ds: DataSource, sql: string): Promise<Array<Record<string, unknown>>> => (await ds.query(sql)).map(lower);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const PG_SCHEMA = `n.nspname = current_schema()`;

/** Tables of the current schema/database (base tables only). */
export async function listTables(ds: DataSource): Promise<TableInfo[]> {
  const rows =
    familyOf(ds) === 'postgres'
      ? await query(
          ds,
          `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${PG_SCHEMA} AND c.relkind IN ('r', 'p')`,
        )
      : await query(
          ds,
          `SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
        );
  return rows.map((r) => ({ name: String(r.name), comment: str(r.comment) || null })).sort(byKey((t) => t.name));
}

export async function listColumns(ds: DataSource): Promise<ColumnInfo[]> {
  if (familyOf(ds) === 'postgres') {
    const rows = await query(
      ds,
      `SELECT c.relname AS table, a.attname AS name, a.attnum AS position, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
              CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
              col_description(c.oid, a.attnum) AS comment
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE ${PG_SCHEMA} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    return rows
      .map((r) => ({
        table: String(r.table),
        name: String(r.name),
        position: Number(r.position),
        type: String(r.type),
        nullable: Boolean(r.nullable),
        default: str(r.default),
        generated: str(r.generated),
        comment: str(r.comment),
      }))
      .sort(byKey((c) => `${c.table}\0${String(c.position).padStart(4, '0')}`));
  }
  const rows = await query(
    ds,
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, ORDINAL_POSITION AS position, COLUMN_TYPE AS type,
            IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, GENERATION_EXPRESSION AS generated,
            COLUMN_COMMENT AS comment
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
  );
  return rows
    .map((r) => {
      const generated = str(r.generated) || null;
      const extra = str(r.extra) ?? '';
      return {
        table: String(r.tbl),
        name: String(r.name),
        position: Number(r.position),
        type: String(r.type),
        nullable: r.nullable === 'YES',
        // ON UPDATE is part of what the column does; keep it with the default.
        default: generated ? null : [str(r.dflt), /on update/i.test(extra) ? extra.replace(/^.*?(on update)/i, '$1') : ''].filter(Boolean).join(' ') || null,
        generated,
        comment: str(r.comment) || null,
      };
    })
    .sort(byKey((c) => `${c.table}\0${String(c.position).padStart(4, '0')}`));
}

export async function listIndexes(ds: DataSource): Promise<IndexInfo[]> {
  if (familyOf(ds) === 'postgres') {
    const rows = await query(
      ds,
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              ix.indnkeyatts AS nkey, am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
              pg_get_indexdef(ix.indexrelid) AS definition,
              ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
       WHERE ${PG_SCHEMA}`,
    );
    return rows
      .map((r) => {
        const all = r.columns as Array<string | null>;
        const nkey = Number(r.nkey);
        return {
          table: String(r.table),
          name: String(r.name),
          unique: Boolean(r.unique),
          primary: Boolean(r.primary),
          columns: all.slice(0, nkey),
          include: all.slice(nkey) as string[],
          predicate: str(r.predicate),
          method: String(r.method),
          definition: String(r.definition),
        };
      })
      .sort(byKey((i) => `${i.table}\0${i.name}`));
  }
  const rows = await query(
    ds,
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
            COLUMN_NAME AS col, INDEX_TYPE AS method, SUB_PART AS sub_part
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  const map = new Map<string, IndexInfo>();
  for (const r of rows) {
    const key = `${r.tbl}\0${r.name}`;
    let index = map.get(key);
    if (!index) {
      index = {
        table: String(r.tbl),
        name: String(r.name),
        unique: Number(r.non_unique) === 0,
        primary: r.name === 'PRIMARY',
        columns: [],
        include: [],
        predicate: null,
        method: String(r.method).toLowerCase(),
        definition: '',
      };
      map.set(key, index);
    }
    index.columns.push(r.sub_part === null || r.sub_part === undefined ? str(r.col) : `${r.col}(${r.sub_part})`);
  }
  return [...map.values()].sort(byKey((i) => `${i.table}\0${i.name}`));
}

const PG_RULES: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

export async function listForeignKeys(ds: DataSource): Promise<ForeignKeyInfo[]> {
  if (familyOf(ds) === 'postgres') {
    const cols = (arr: string, rel: string) =>
      `ARRAY(SELECT a.attname FROM unnest(c.${arr}) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = c.${rel} AND a.attnum = k.attnum ORDER BY k.ord)::text[]`;
    const rows = await query(
      ds,
      `SELECT t.relname AS table, c.conname AS name, r.relname AS ref_table, c.confdeltype AS on_delete, c.confupdtype AS on_update,
              ${cols('conkey', 'conrelid')} AS columns, ${cols('confkey', 'confrelid')} AS ref_columns,
              pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE ${PG_SCHEMA} AND c.contype = 'f'`,
    );
    return rows
      .map((r) => ({
        table: String(r.table),
        name: String(r.name),
        columns: r.columns as string[],
        refTable: String(r.ref_table),
        refColumns: r.ref_columns as string[],
        onDelete: PG_RULES[String(r.on_delete)],
        onUpdate: PG_RULES[String(r.on_update)],
        definition: String(r.definition),
      }))
      .sort(byKey((f) => `${f.table}\0${f.name}`));
  }
  const rows = await query(
    ds,
    `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref_table,
            k.REFERENCED_COLUMN_NAME AS ref_col, r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
     WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  const map = new Map<string, ForeignKeyInfo>();
  for (const r of rows) {
    const key = `${r.tbl}\0${r.name}`;
    let fk = map.get(key);
    if (!fk) {
      fk = {
        table: String(r.tbl),
        name: String(r.name),
        columns: [],
        refTable: String(r.ref_table),
        refColumns: [],
        onDelete: String(r.on_delete),
        onUpdate: String(r.on_update),
        definition: '',
      };
      map.set(key, fk);
    }
    fk.columns.push(String(r.col));
    fk.refColumns.push(String(r.ref_col));
  }
  return [...map.values()].sort(byKey((f) => `${f.table}\0${f.name}`));
}

/** Primary keys, unique and check constraints (foreign keys: {@link listForeignKeys}). */
export async function listConstraints(ds: DataSource): Promise<ConstraintInfo[]> {
  if (familyOf(ds) === 'postgres') {
    const rows = await query(
      ds,
      `SELECT t.relname AS table, c.conname AS name, c.contype AS kind, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE ${PG_SCHEMA} AND c.contype <> 'f'`,
    );
    const kinds: Record<string, string> = { p: 'PRIMARY KEY', u: 'UNIQUE', c: 'CHECK', x: 'EXCLUDE' };
    return rows
      .map((r) => ({ table: String(r.table), name: String(r.name), kind: kinds[String(r.kind)] ?? String(r.kind), definition: String(r.definition) }))
      .sort(byKey((c) => `${c.table}\0${c.name}`));
  }
  const rows = await query(
    ds,
    `SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, tc.CONSTRAINT_TYPE AS kind, cc.CHECK_CLAUSE AS definition
     FROM information_schema.TABLE_CONSTRAINTS tc
     LEFT JOIN information_schema.CHECK_CONSTRAINTS cc
       ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND cc.TABLE_NAME = tc.TABLE_NAME
     WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE <> 'FOREIGN KEY'`,
  );
  return rows
    .map((r) => ({ table: String(r.tbl), name: String(r.name), kind: String(r.kind), definition: str(r.definition) ?? '' }))
    .sort(byKey((c) => `${c.table}\0${c.name}`));
}

export async function listTriggers(ds: DataSource): Promise<TriggerInfo[]> {
  const rows =
    familyOf(ds) === 'postgres'
      ? await query(
          ds,
          `SELECT c.relname AS tbl, t.tgname AS name, '' AS timing, '' AS event, pg_get_triggerdef(t.oid) AS statement
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${PG_SCHEMA} AND NOT t.tgisinternal`,
        )
      : await query(
          ds,
          `SELECT EVENT_OBJECT_TABLE AS tbl, TRIGGER_NAME AS name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event,
                  ACTION_STATEMENT AS statement
           FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
        );
  return rows
    .map((r) => ({ table: String(r.tbl), name: String(r.name), timing: String(r.timing), event: String(r.event), statement: String(r.statement) }))
    .sort(byKey((t) => `${t.table}\0${t.name}`));
}

/** Other schema objects that outlive a dropped table if a migration forgets them (PostgreSQL: types, functions, sequences, views). */
export async function listLooseObjects(ds: DataSource): Promise<string[]> {
  const rows =
    familyOf(ds) === 'postgres'
      ? await query(
          ds,
          `SELECT 'type ' || t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE ${PG_SCHEMA} AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
           UNION ALL SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${PG_SCHEMA}
           UNION ALL SELECT 'relation ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE ${PG_SCHEMA} AND c.relkind IN ('S', 'v', 'm') AND c.relname NOT LIKE 'migrations%'`,
        )
      : await query(
          ds,
          `SELECT CONCAT('routine ', ROUTINE_NAME) AS name FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
           UNION ALL SELECT CONCAT('view ', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
           UNION ALL SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
        );
  return rows.map((r) => String(r.name)).sort();
}

/** Everything the migrations define, for comparing two states of one database. */
export interface SchemaSnapshot {
  tables: TableInfo[];
  columns: ColumnInfo[];
  indexes: IndexInfo[];
  foreignKeys: ForeignKeyInfo[];
  constraints: ConstraintInfo[];
  triggers: TriggerInfo[];
  loose: string[];
}

/** A snapshot of the schema; `exclude` leaves tables out (default: TypeORM's `migrations`). */
export async function snapshotSchema(ds: DataSource, exclude: readonly string[] = ['migrations']): Promise<SchemaSnapshot> {
  const keep = <T extends { table: string }>(rows: T[]) => rows.filter((r) => !exclude.includes(r.table));
  return {
    tables: (await listTables(ds)).filter((t) => !exclude.includes(t.name)),
    columns: keep(await listColumns(ds)),
    indexes: keep(await listIndexes(ds)),
    foreignKeys: keep(await listForeignKeys(ds)),
    constraints: keep(await listConstraints(ds)),
    triggers: keep(await listTriggers(ds)),
    loose: await listLooseObjects(ds),
  };
}
