import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENERIC_INDEX_NAMES, type Dialect } from '../src/dialect/dialect';
import { mariadbDialect, mysqlDialect } from '../src/dialect/mysql-dialect';
import { postgresDialect } from '../src/dialect/postgres-dialect';
import { CreateTenants0100 } from '../src/migrations/0100-create-tenants';
import { schemaTables, tableMigration, type TableDefinition } from '../src/migrations/schema';
import { resolveColumn } from '../src/schema/column-shape';
import { shapeOf } from '../src/schema/table-shape';

/**
 * Generates docs/schema.md from the bundled migrations: every migration's `up()` runs against a
 * recording QueryRunner once per dialect, and the document is built from the DDL it emits plus
 * the table definitions (purposes, reference semantics). What the page says is therefore what
 * the migrations create. test/migrations/schema-docs.test.ts fails when the file is stale.
 *
 * @example
 * npx ts-node --transpile-only scripts/schema-docs.ts   # or: npm run docs:schema
 */

export const SCHEMA_DOC_PATH = join(__dirname, '..', 'docs', 'schema.md');

/** The tables of the ER diagram of the conference core, in reading order. */
const CORE = ['venues', 'conferences', 'programs', 'program_chairs', 'speakers', 'sessions', 'participants', 'session_speakers', 'session_attendance'];

const GROUPS: Record<number, string> = {
  0: 'System foundation',
  1: 'Tenants, identity and settings',
  2: 'Conference core',
  3: 'Sessions and participants',
  4: 'Engagement',
  5: 'Content and communication',
  6: 'Display',
  7: 'Analytics',
  8: 'Gamification',
  9: 'API and security',
};

// ---------------------------------------------------------------------------------------------
// Recording the DDL of a migration

/** Runs `up()` against a QueryRunner that only records statements (seed inserts are skipped). */
async function record(migration: MigrationInterface, type: 'postgres' | 'mysql' | 'mariadb'): Promise<string[]> {
  const statements: string[] = [];
  const chain: unknown = new Proxy(() => undefined, {
    get: (_target, property) => (property === 'then' ? undefined : property === 'execute' ? async () => undefined : () => chain),
  });
  const runner = {
    connection: {
      driver: {
        options: { type },
        uuidColumnTypeSuported: true,
        createParameter: (_name: string, index: number) => (type === 'postgres' ? `$${index + 1}` : '?'),
      },
      metadataTableName: 'typeorm_metadata',
    },
    hasTable: async () => true,
    getCurrentDatabase: async () => 'docs',
    getCurrentSchema: async () => 'public',
    manager: { createQueryBuilder: () => chain },
    query: async (sql: string) => {
      if (!/^\s*INSERT\b/i.test(sql)) statements.push(sql);
      return [];
    },
  } as unknown as QueryRunner;
  await migration.up(runner);
  return statements;
}

const unquote = (s: string) => s.replace(/[`"]/g, '');
const unlit = (s: string) => s.replace(/''/g, "'").replace(/\\\\/g, '\\');
const splitList = (s: string) => s.split(',').map((x) => unquote(x.trim()));

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  comment?: string;
}

interface ForeignKey {
  name: string;
  columns: string[];
  table: string;
  refColumns: string[];
  rule: string;
}

interface IndexDdl {
  name: string;
  unique: boolean;
  /** Key part as written: column list or expression. */
  keys: string;
  extra: string;
  kind: 'btree' | 'fulltext' | 'gin';
}

interface TableDdl {
  name: string;
  comment: string;
  columns: Column[];
  primaryKey: string[];
  uniques: Array<{ name: string; columns: string[] }>;
  foreignKeys: ForeignKey[];
  indexes: IndexDdl[];
  triggers: string[];
  statements: string[];
}

/** Parses the statements of `createTable` (+ indexes, comments, triggers) of one dialect. */
function parse(statements: string[]): TableDdl {
  const create = statements.find((s) => /^CREATE TABLE/.test(s))!;
  const name = unquote(/^CREATE TABLE (\S+)/.exec(create)![1]);
  const body = create.slice(create.indexOf('(\n') + 2, create.lastIndexOf('\n)')).split(',\n  ').map((l) => l.trim());
  const table: TableDdl = {
    name,
    comment: '',
    columns: [],
    primaryKey: [],
    uniques: [],
    foreignKeys: [],
    indexes: [],
    triggers: [],
    statements,
  };
  const suffix = /COMMENT='((?:[^']|'')*)'\s*$/.exec(create);
  if (suffix) table.comment = unlit(suffix[1]);
  const enums = new Map<string, string>();
  const column = /^[`"]([^`"]+)[`"] (.*?) (NOT NULL|NULL)(?: DEFAULT (.*?))?(?: COMMENT '((?:[^']|'')*)')?$/;
  for (const line of body) {
    let m: RegExpExecArray | null;
    if ((m = /^CONSTRAINT (\S+) PRIMARY KEY \((.*)\)$/.exec(line))) table.primaryKey = splitList(m[2]);
    else if ((m = /^CONSTRAINT (\S+) UNIQUE \((.*)\)$/.exec(line))) table.uniques.push({ name: unquote(m[1]), columns: splitList(m[2]) });
    else if ((m = /^CONSTRAINT \S+ CHECK \([`"]([^`"]+)[`"] IN \((.*)\)\)$/.exec(line))) enums.set(m[1], `ENUM(${m[2]})`); // shown as the column's type
    else if ((m = /^[`"]([^`"]+)[`"] (\S+) GENERATED ALWAYS AS \((.*)\) STORED(?: COMMENT '((?:[^']|'')*)')?$/.exec(line))) {
      table.columns.push({ name: m[1], type: `${m[2]} generated`, nullable: true, comment: m[4] === undefined ? undefined : unlit(m[4]) });
    }
    else if ((m = /^CONSTRAINT (\S+) FOREIGN KEY \((.*?)\) REFERENCES (\S+) \((.*?)\)(.*)$/.exec(line))) {
      table.foreignKeys.push({ name: unquote(m[1]), columns: splitList(m[2]), table: unquote(m[3]), refColumns: splitList(m[4]), rule: unquote(m[5].replace(/ ON UPDATE NO ACTION$/, '').trim()) });
    } else if ((m = column.exec(line))) {
      table.columns.push({ name: m[1], type: m[2], nullable: m[3] === 'NULL', default: m[4], comment: m[5] === undefined ? undefined : unlit(m[5]) });
    } else throw new Error(`schema-docs: cannot read line of ${name}: ${line}`);
  }
  for (const c of table.columns) c.type = enums.get(c.name) ?? c.type;
  for (const s of statements) {
    let m: RegExpExecArray | null;
    if ((m = /^COMMENT ON TABLE \S+ IS '((?:[^']|'')*)'$/.exec(s))) table.comment = unlit(m[1]);
    else if ((m = /^COMMENT ON COLUMN \S+\.(\S+) IS '((?:[^']|'')*)'$/.exec(s))) {
      const c = table.columns.find((x) => x.name === unquote(m![1]));
      if (c) c.comment = unlit(m[2]);
    } else if ((m = /^ALTER TABLE \S+ ADD COLUMN (\S+) (.*?) COMMENT '((?:[^']|'')*)'$/.exec(s))) {
      table.columns.push({ name: unquote(m[1]), type: m[2], nullable: true, comment: unlit(m[3]) });
    } else if ((m = /^CREATE (UNIQUE |FULLTEXT )?INDEX (\S+) ON \S+ (USING GIN )?\((.*?)\)((?: INCLUDE \(.*\))?(?: WHERE .*)?)$/.exec(s))) {
      table.indexes.push({
        name: unquote(m[2]),
        unique: m[1] === 'UNIQUE ',
        keys: m[3] ? unquote(m[4]) : splitList(m[4]).join(', '),
        extra: unquote(m[5].trim()),
        kind: m[1] === 'FULLTEXT ' ? 'fulltext' : m[3] ? 'gin' : 'btree',
      });
    } else if ((m = /^CREATE TRIGGER (\S+) (BEFORE \w+)/.exec(s))) table.triggers.push(`${unquote(m[1])} (${m[2]})`);
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchor = (table: string) => `table-${table.replace(/_/g, '-')}`;
const groupOf = (phase: number) => Math.floor(phase / 100);

/** A type as one name when the dialects agree in meaning; both spellings when they do not. */
function logicalType(pg: string, my: string): string {
  if (pg === postgresDialect.uuidType && my === mysqlDialect.uuidType) return 'uuid';
  if (pg === postgresDialect.jsonType && my === mysqlDialect.jsonType) return 'json';
  if (pg === postgresDialect.timestampType && my === mysqlDialect.timestampType) return 'timestamp(6), UTC';
  const values = /^ENUM\((.*)\)$/.exec(my);
  if (values) return `enum: ${[...values[1].matchAll(/'((?:[^']|'')*)'/g)].map((v) => unlit(v[1])).join(', ')}`;
  if (pg.toLowerCase() === my.toLowerCase()) return pg;
  return `${pg} (PostgreSQL) / ${my} (MySQL family)`;
}

function logicalDefault(pg?: string, my?: string): string {
  if (pg === undefined && my === undefined) return '';
  if (pg === postgresDialect.now && my === mysqlDialect.now) return 'now';
  if (pg === postgresDialect.now && my === mysqlDialect.now + mysqlDialect.onUpdateNow) return 'now (MySQL family: also ON UPDATE)';
  if (pg === my) return code(pg!);
  return `${code(pg ?? '—')} / ${code(my ?? '—')}`;
}

interface Entry {
  def?: TableDefinition;
  name: string;
  phase: number;
  kind: 'tenant' | 'global' | 'root';
  pg: TableDdl;
  my: TableDdl;
}

function renderTable(e: Entry, byName: Map<string, Entry>): string[] {
  const out: string[] = [];
  const kind = e.kind === 'root' ? 'root of tenancy (global)' : e.kind === 'tenant' ? 'tenant table' : 'global table';
  const seeded = e.def?.seed ? ` Seeded by its migration with ${e.def.seed().length} rows.` : '';
  out.push(`### <a id="${anchor(e.name)}"></a>\`${e.name}\``, '', `Phase ${String(e.phase).padStart(4, '0')} · ${kind}. ${e.pg.comment}.${seeded}`, '');
  out.push('| column | type | null | default | description |', '| --- | --- | :-: | --- | --- |');
  for (const c of e.pg.columns) {
    const my = e.my.columns.find((x) => x.name === c.name)!;
    out.push(`| ${code(c.name)} | ${cell(logicalType(c.type, my.type))} | ${c.nullable ? 'yes' : ''} | ${cell(logicalDefault(c.default, my.default))} | ${cell(c.comment ?? '')} |`);
  }
  for (const c of e.my.columns.filter((x) => !e.pg.columns.some((p) => p.name === x.name))) {
    out.push(`| ${code(c.name)} | ${cell(c.type.replace(/ GENERATED ALWAYS AS .*$/, ''))}, generated | yes | | MySQL family only: ${cell(c.comment ?? '')} |`);
  }
  out.push('');
  const keys: string[] = [`- **Primary key:** ${e.pg.primaryKey.map(code).join(', ')}`];
  for (const u of e.pg.uniques) {
    keys.push(`- **Unique** ${code(u.name)} (${u.columns.join(', ')})${u.columns.join() === 'tenant_id,id' ? ': the target of composite foreign keys from child tables' : ''}`);
  }
  for (const i of e.pg.indexes.filter((x) => x.unique)) {
    const live = /deleted_at IS NULL/.test(i.extra);
    keys.push(`- **Unique** ${code(i.name)} (${i.keys})${live ? ' among live rows (not soft-deleted)' : ''}`);
  }
  const refs = new Map((e.def?.references ?? []).map((r) => [r.column, r]));
  for (const fk of e.pg.foreignKeys) {
    const column = fk.columns.find((c) => c !== 'tenant_id') ?? fk.columns[0];
    const ref = refs.get(column);
    const target = byName.has(fk.table) ? `[${code(fk.table)}](#${anchor(fk.table)})` : code(fk.table);
    const what = ref ? (ref.nullable ? 'optional' : 'required') : column.endsWith('_by') && fk.table === 'users' ? 'actor, a user of the same tenant' : '';
    keys.push(
      `- **References** ${fk.columns.map(code).join(', ')} → ${target} (${fk.refColumns.join(', ')}) ${fk.rule}${what ? ` — ${what}` : ''}${ref?.comment ? `: ${ref.comment}` : ''}`,
    );
  }
  if (e.my.triggers.length) keys.push(`- **Triggers (MySQL family):** ${e.my.triggers.map(code).join(', ')} — refuse an optional reference (or an actor) to another tenant's row`);
  out.push(...keys, '');
  const indexes = e.pg.indexes.filter((x) => !x.unique);
  if (indexes.length) {
    out.push('| index | PostgreSQL | MySQL family |', '| --- | --- | --- |');
    for (const i of indexes) {
      const my = e.my.indexes.find((x) => x.name === i.name || `${e.name}_${x.name}` === i.name);
      const pg = i.kind === 'gin' ? `GIN ${i.keys}` : `(${i.keys})${i.extra ? ` ${i.extra}` : ''}`;
      const mine = my ? `${my.kind === 'fulltext' ? 'FULLTEXT ' : ''}(${my.keys})` : '—';
      const name = my && my.name !== i.name ? `${code(my.name)} (PostgreSQL: ${code(i.name)})` : code(i.name);
      out.push(`| ${name} | ${cell(pg)} | ${cell(mine)} |`);
    }
    out.push('');
  }
  return out;
}

const ATTRIBUTE_TYPE = (t: string) => (/^(uuid|json|enum|timestamp)/.exec(t)?.[1] ?? t.replace(/\(.*$/, '').replace(/\W+/g, '_'));

function renderEr(entries: Entry[]): string[] {
  const core = CORE.map((n) => entries.find((e) => e.name === n)).filter((e): e is Entry => !!e);
  if (!core.length) return [];
  const names = new Set(core.map((e) => e.name));
  const out = ['```mermaid', 'erDiagram'];
  for (const e of core) {
    for (const r of e.def?.references ?? []) {
      if (!names.has(r.table)) continue;
      out.push(`  ${r.table} ${r.nullable ? '|o' : '||'}--o{ ${e.name} : "${r.column}"`);
    }
  }
  for (const e of core) {
    const uniques = new Set([...(e.def?.uniques ?? []).flatMap((u) => u.columns)].filter((c) => c !== 'tenant_id'));
    const fks = new Set((e.def?.references ?? []).map((r) => r.column));
    const shown = e.pg.columns.filter((c) => c.name === 'id' || c.name === 'tenant_id' || fks.has(c.name) || uniques.has(c.name) || ['title', 'name', 'status'].includes(c.name));
    out.push(`  ${e.name} {`);
    for (const c of shown) {
      const my = e.my.columns.find((x) => x.name === c.name)!;
      const key = c.name === 'id' ? ' PK' : fks.has(c.name) || c.name === 'tenant_id' ? ' FK' : uniques.has(c.name) ? ' UK' : '';
      out.push(`    ${ATTRIBUTE_TYPE(logicalType(c.type, my.type))} ${c.name}${key}`);
    }
    out.push('  }');
  }
  out.push('```');
  return out;
}

/** The live-unique key of `users` as each dialect writes it: the marker column and the index. */
function liveKeySql(d: Dialect): string[] {
  const shape = shapeOf(schemaTables.find((t) => t.name === 'users')!, d);
  const marker = shape.columns.find((c) => c.generated)!;
  return [`ALTER TABLE ${d.quote('users')} ADD ${marker.sql}`, shape.indexes.find((i) => i.name === 'uq_users_tenant_email')!.sql];
}

/** One foreign key of a bundled table as `d` writes it (in CREATE TABLE). */
function foreignKeySql(d: Dialect, table: string, name: string): string[] {
  return [shapeOf(schemaTables.find((t) => t.name === table)!, d).foreignKeys.find((f) => f.name === name)!.sql];
}

function dialectSection(entries: Entry[]): string[] {
  const pg = postgresDialect;
  const my = mysqlDialect;
  const maria = mariadbDialect;
  const row = (what: string, f: (d: Dialect) => string) => `| ${what} | ${[pg, my, maria].map((d) => cell(code(f(d)))).join(' | ')} |`;
  const example = entries.find((e) => e.name === 'conferences') ?? entries.find((e) => e.kind === 'tenant');
  const sql = (statements: string[]) => ['```sql', ...statements.map((s) => `${s};`), '```'].join('\n');
  return [
    '## Differences per dialect',
    '',
    'All of them live in `src/dialect` (`Dialect`); the migrations call it and never branch on the driver.',
    '',
    '| | PostgreSQL | MySQL 8 (`type: \'mysql\'`) | MariaDB ≥ 10.7 (`type: \'mariadb\'`) |',
    '| --- | --- | --- | --- |',
    row('UUID', (d) => d.uuidType),
    row('JSON document', (d) => d.jsonType),
    row('instant', (d) => d.timestampType),
    row('now', (d) => d.now),
    row('enum (values `a`, `b`)', (d) => `${resolveColumn(d, { name: 'status', type: 'enum', values: ['a', 'b'] }).type} + CHECK`),
    row('generic index name', (d) => d.indexName('conferences', 'idx_chronological')),
    '',
    '- **UUIDs.** PostgreSQL `uuid` and MariaDB `UUID` store 16 bytes; MySQL 8 has no UUID type, so ids are',
    '  canonical lowercase text in `CHAR(36)` with a binary ascii collation, which sorts like the bytes (UUIDv7',
    '  order is insert order). `type: \'mysql\'` on a MariaDB server gets the MySQL form.',
    '- **Enums.** On every dialect a `varchar` sized to the longest value with a named CHECK `chk_<table>_<column>`',
    '  (no ENUM and no `CREATE TYPE`: the entity metadata says the same varchar, so TypeORM\'s schema diff agrees,',
    '  and adding a value is an `ALTER TABLE … DROP/ADD CONSTRAINT`, not a type migration).',
    '- **Instants.** `timestamptz(6)` on PostgreSQL; `DATETIME(6)` holding UTC on the MySQL family (TIMESTAMP',
    '  would end in 2038 and convert with the session time zone). `updated_at` has `ON UPDATE` there; on',
    '  PostgreSQL TypeORM\'s `@UpdateDateColumn` sets it on `save`/`update` (raw SQL updates leave it).',
    '- **Live-unique keys** ("unique among rows that are not soft-deleted"), the same on every dialect: a',
    '  stored generated marker column, 1 while live and NULL once deleted, appended to the unique index',
    '  (NULLs never collide). One form for all (rather than a partial index on PostgreSQL) because the entity',
    '  metadata, which TypeORM compares, cannot differ per dialect. The marker reads `deleted_at` only,',
    '  because MariaDB and MySQL 8 refuse a stored generated column over a column that has a cascading',
    '  foreign key (every `tenant_id` and required reference does). Its expression is filed in TypeORM\'s',
    '  `typeorm_metadata` table, where TypeORM\'s schema diff reads it.',
    '',
    sql(liveKeySql(pg)),
    '',
    sql(liveKeySql(my)),
    '',
    '- **Required references** are composite on every dialect: `(tenant_id, parent_id) → parent (tenant_id, id)`',
    '  ON DELETE CASCADE, so a row can only point at a parent of its own tenant.',
    '- **Optional references.** PostgreSQL (15+) nulls just the reference column of the composite key:',
    '',
    sql(foreignKeySql(pg, 'conferences', 'fk_conferences_venue_id')),
    '',
    '  The MySQL family cannot (SET NULL on a composite key would null `tenant_id` too), so it gets a plain',
    '  key that sets NULL and two triggers that refuse a parent of another tenant (SQLSTATE 23000):',
    '',
    sql([...foreignKeySql(my, 'conferences', 'fk_conferences_venue_id'), ...my.optionalTenantReference('conferences', 'venue_id', 'venues', 'tenant_id').triggers]),
    '',
    '- **Row-level security** (PostgreSQL only; the MySQL family has none, there the composite keys and the',
    '  query-scope layer are the wall). Migration 0099 creates the NOLOGIN roles `tenancy_tenant` and',
    '  `tenancy_system` if missing, `tenancy_system_access()` (SECURITY DEFINER, true only for a session',
    '  carrying a registered system key) and the `tenancy_private` schema of key hashes; `tenants` (on `id`)',
    '  and every tenant table (on `tenant_id`) then get one policy per role:',
    '',
    sql(pg.tenantIsolation('conferences', 'tenant_id')),
    '',
    '  See [security.md](security.md) for the role the application connects as and how the library sets',
    '  the role, `app.tenant_id` and the system key for each statement.',
    '- **Full-text** indexes are FULLTEXT on the MySQL family and GIN over `to_tsvector(\'simple\', …)` on',
    '  PostgreSQL; a query must use the same expression to use the index:',
    '',
    sql([pg.fullTextIndex('conferences', 'idx_conference_content', ['title', 'subtitle', 'description'])!.sql]),
    '',
    '- **Covering** indexes use `INCLUDE` on PostgreSQL; the MySQL family gets a wider composite key (TEXT',
    '  columns left out, they cannot be key parts without a prefix length).',
    '- **Partial** indexes exist only on PostgreSQL; the MySQL family gets the composite key with the predicate',
    '  column after `tenant_id` (same lookups, a bigger index).',
    '',
    sql([pg.partialIndex('conferences', pg.indexName('conferences', 'idx_active_conferences'), ['tenant_id', 'start_date'], { column: 'status', values: ['published', 'ongoing'] }).sql]),
    '',
    sql([my.partialIndex('conferences', 'idx_active_conferences', ['tenant_id', 'start_date'], { column: 'status', values: ['published', 'ongoing'] }).sql]),
    '',
    '- **Index names** are per schema on PostgreSQL but per table on the MySQL family: the design\'s generic',
    `  names (${[...GENERIC_INDEX_NAMES].map(code).join(', ')}) exist on many tables, so PostgreSQL gets them`,
    '  prefixed with the table name; every other index name is unique across the schema as it is.',
    '  PostgreSQL silently truncates identifiers to 63 bytes (MySQL refuses more than 64 characters);',
    '  test/migrations/schema-invariants.test.ts checks both limits and uniqueness for every name.',
    '- **MySQL 8 notes.** Not run here (MariaDB stands in with `type: \'mysql\'`), so the SQL stays in the',
    '  common subset: ids as `CHAR(36)` ascii_bin; expression defaults such as `(JSON_OBJECT())` need 8.0.13+;',
    '  CHECK constraints are enforced from 8.0.16 (the enum columns rely on them); MySQL 8 forbids CASCADE / SET NULL',
    '  actions on base columns of stored generated columns, which the live marker avoids; creating the',
    '  reference triggers with binary logging on needs `log_bin_trust_function_creators` or the SUPER privilege.',
    ...(example
      ? [
          '',
          `<details><summary>Complete DDL of <code>${example.name}</code> per dialect</summary>`,
          '',
          '**PostgreSQL**',
          '',
          sql(example.pg.statements),
          '',
          '**MySQL family** (`type: \'mysql\'`; `type: \'mariadb\'` differs only in `UUID` columns)',
          '',
          sql(example.my.statements),
          '',
          '</details>',
        ]
      : []),
    '',
  ];
}

const SOURCE_OF_TRUTH = [
  '## One description per table',
  '',
  'Each table is described once, as a `TableDefinition` (`src/schema/tables/<phase>-<table>.ts`): its',
  'columns in portable types (`uuid`, `varchar(200)`, `enum` with its values, `timestamp`, `json`, …),',
  'in-tenant references, unique keys, indexes and comments. `shapeOf(definition, dialect)` resolves it for',
  'one dialect (every column with its SQL type, every key, check, index and trigger under its final name),',
  'and three things read that shape: the migrations write their DDL from it, `@DefinedEntity(definition)`',
  'gives the entity its column types, comments, keys, checks and indexes (the entity only maps properties',
  'to columns and adds validation), and the doctor compares the live catalog with it (`schema-drift`).',
  'No entity imports from a migration; both import the definition.',
  '',
  'Why the definition and not the entity: the DDL says things TypeORM metadata cannot (row-level security,',
  'triggers, `ON DELETE SET NULL (column)`, `INCLUDE`, partial, prefix and full-text indexes per dialect), and',
  'a migration must be reproducible without loading entities. The result is checked: after the bundled',
  'migrations TypeORM\'s schema diff (`migration:generate`, `schema:log`) is empty on PostgreSQL, PGlite,',
  'MariaDB and `type: \'mysql\'` (test/schema/schema-diff.test.ts), and so it is for your own tables made with',
  '`createTenantTable(definition)` and mapped with `@DefinedEntity(definition)`.',
  '',
  'What TypeORM\'s diff cannot see is left to the doctor, not hidden: full-text, covering, partial and prefix',
  'indexes are declared to TypeORM with `synchronize: false` (it neither drops nor creates them), CHECK',
  'constraints are compared by name only (on the MySQL family not at all), a foreign key by name, table and',
  'rule (not the column list of `SET NULL (column)`), and triggers and policies not at all. `typeorm-tenancy',
  'doctor` checks all of them against the shape. Entities of defined tables are not meant for `synchronize()`',
  'on an empty database (it would create the tables without row-level security and triggers): their tables',
  'come from migrations.',
  '',
];

const DEPARTURES = [
  '## Departures from the reference design (seed 000)',
  '',
  'Where the bundled schema differs from the KongrePad migration guide on purpose:',
  '',
  '- **Fail closed, not fail open.** The seed\'s TenantScope adds the tenant condition when a tenant is',
  '  set and silently runs unscoped otherwise; here a tenant-aware query without a tenant is refused',
  '  (`TENANT_MISSING`) unless it runs in `withoutTenantScope`.',
  '- **Table names.** The seed\'s `system_`/`conference_` prefixes are dropped (`countries`, `sessions`),',
  '  except `system_settings`, which names settings of the platform as opposed to `tenant_settings`.',
  '- **Venues before conferences** (0201, 0202): a conference references its venue, so the venue table must',
  '  exist first.',
  '- **Optional references SET NULL instead of CASCADE.** Deleting a venue, speaker or session must not',
  '  delete the conferences, questions or logs that merely mention it; required references still CASCADE.',
  '- **No hash partitioning.** The seed partitions large tables by `tenant_id`; partitioned tables cannot',
  '  carry the `(tenant_id, id)` key every composite reference points at on MySQL, and PostgreSQL needs the',
  '  partition key in every unique key. Scale-out by tenant is Citus\'s job (docs/scale-out.md when it lands).',
  '- **No polymorphic tables.** `commentable_type`/`commentable_id` style columns cannot have a foreign key,',
  '  so the wall could not keep them in the tenant; each relation is its own column with a composite key.',
  '- **The conference columns.** The seed\'s list is kept (subtitle, daily start/end time, registration',
  '  window, logo, banner, website, social links, contact info, tags) with two changes: `logo`/`banner` hold',
  '  URLs (files live in `media`), and `social_links`, `contact_info`, `tags` are JSON documents rather than',
  '  text. `countries` has the seed\'s `phone_code`, `flag_emoji`, `currency_code` and `is_active`; the seed',
  '  rows fill `flag_emoji` (derived from alpha2) and `is_active`, not dialling or currency codes (no',
  '  licensed dataset is bundled: fill them from your reference data).',
  '- **Enums are varchar + CHECK everywhere**, not MySQL ENUM: one type in the entity metadata for every',
  '  dialect (so TypeORM\'s diff agrees) and adding a value is a constraint change. MySQL before 8.0.16 parses',
  '  but does not enforce CHECK; there only the entity validation (`@IsIn`) holds the values.',
  '- **Redundant seed indexes are not created.** `idx_conferences_created` duplicated `idx_chronological`;',
  '  `(tenant_id)` and `(tenant_id, status)` on `conferences` are left prefixes of `idx_conference_search`;',
  '  a reference\'s `(tenant_id, column)` lookup index is left out where a unique key already leads with it;',
  '  on the MySQL family the stand-in of the partial `idx_active_conferences` is a left prefix of',
  '  `idx_conference_search` and is left out. `idx_conference_english` (English stemming) exists on',
  '  PostgreSQL only: MySQL FULLTEXT has no per-index language, and it would repeat `idx_conference_content`.',
  '- **`tenants.settings` is nullable, without a default.** An expression default (an empty JSON object) reads',
  '  back differently per server (`\'{}\'` vs `json_object()`), so TypeORM\'s diff would rewrite the column.',
  '',
];

const CORRECTIONS = [
  '## Where the reference design was wrong, and what we did instead',
  '',
  '- **`sessions` meant two things.** The design had a framework `sessions` table (HTTP session store) and',
  '  conference `sessions` (talks, workshops). HTTP sessions are `web_sessions` (phase 0002); `sessions` are',
  '  the conference\'s.',
  '- **Generic index names collide on PostgreSQL.** `idx_chronological`, `idx_last_modified` and friends are',
  '  repeated on every table; index names are per schema on PostgreSQL, so the second `CREATE INDEX` would',
  '  fail. They are prefixed with the table name there (MySQL keeps the design\'s names).',
  '- **A unique key that merely includes `deleted_at` does not give one live row.** `UNIQUE (tenant_id,',
  '  slug, deleted_at)` never fires for live rows: their `deleted_at` is NULL and NULLs are distinct, so any',
  '  number of live rows share a slug. We append a generated live marker (1 while live, NULL once',
  '  deleted) to the key on every dialect (see above).',
  '- **MySQL has no partial index and no SET NULL on one column of a composite foreign key.** Partial',
  '  indexes become composite keys with the predicate column; optional references become a plain key ON',
  '  DELETE SET NULL plus BEFORE INSERT/UPDATE triggers that keep the parent in the same tenant.',
  '- **A generated key column over `tenant_id` is refused on MariaDB** (and MySQL 8) because `tenant_id` has a',
  '  cascading foreign key; the live marker therefore reads `deleted_at` only.',
  '- **The covering index of `session_speakers` does not carry `bio`.** A TEXT column in a btree index',
  '  fails on PostgreSQL once a bio exceeds the ~2.7 KB index row limit, and the MySQL family cannot',
  '  index TEXT without a prefix; the index covers `participant_id` and `order_index`.',
  '- **`created_by` / `updated_by` name a user of the row\'s own tenant.** A plain key to `users(id)` let a',
  '  tenant-A row name tenant B\'s user. They are optional in-tenant references like any other: `(tenant_id,',
  '  created_by)` → `users (tenant_id, id)` ON DELETE SET NULL (created_by) on PostgreSQL, a one-column key',
  '  ON DELETE SET NULL plus same-tenant triggers on the MySQL family. The library writes the actor of',
  '  `withTenant` there; inside `withoutTenantScope` it writes none (a platform operator is no user of the',
  '  rows\' tenant), so NULL means a system change. Actors from an identity provider: docs/errors.md.',
  '- **No key has an ON UPDATE action.** `tenants.id`, `tenant_id` and ids are immutable, so `ON UPDATE',
  '  CASCADE` could only move a tenant\'s rows when someone re-keys a tenant (and Citus refuses it); an',
  '  UPDATE of a referenced id is refused by the key instead.',
  '',
];

/** The whole of docs/schema.md. */
export async function renderSchemaDocs(tables: readonly TableDefinition[] = schemaTables): Promise<string> {
  const entries: Entry[] = [];
  const migrations: Array<[TableDefinition | undefined, MigrationInterface]> = [
    [undefined, new CreateTenants0100()],
    ...tables.map((t): [TableDefinition, MigrationInterface] => [t, new (tableMigration(t))()]),
  ];
  for (const [def, migration] of migrations) {
    const pg = parse(await record(migration, 'postgres'));
    const my = parse(await record(migration, 'mysql'));
    entries.push({ def, name: pg.name, phase: def?.phase ?? 100, kind: def ? def.kind : 'root', pg, my });
  }
  entries.sort((a, b) => a.phase - b.phase);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const tenant = entries.filter((e) => e.kind === 'tenant').length;
  const out: string[] = [
    '# Schema',
    '',
    '<!-- Generated by scripts/schema-docs.ts (npm run docs:schema) from the bundled migrations; do not edit. -->',
    '',
    `The bundled migrations create ${entries.length} tables: \`tenants\`, ${tenant} tenant tables (every row belongs to a`,
    `tenant: \`tenant_id\` NOT NULL → \`tenants\` ON DELETE CASCADE) and ${entries.length - tenant - 1} global tables (system and reference`,
    'data). Tenant tables also get a UUIDv7 `id`, the audit columns `created_by`/`updated_by` (→ `users` of the same tenant),',
    '`created_at`/`updated_at` and `deleted_at` for soft delete, the key `(tenant_id, id)` that child tables',
    'reference, one `(tenant_id, reference)` index per reference and the generic indexes of the design.',
    'Column types below are dialect-neutral; [Differences per dialect](#differences-per-dialect) says how',
    'each one is stored.',
    '',
    '**Frozen migrations.** From the first release on, every schema change is a new migration: the SQL a',
    'shipped migration emits never changes, because databases that already ran it would never get the',
    'change. `test/migrations/frozen-sql.test.ts` enforces it against the committed per-dialect snapshots',
    'in `test/migrations/frozen-sql/`; before the first release only, amend the bundled migrations and',
    'regenerate them with `npm run snapshots:sql` ([migrations.md](migrations.md#frozen-migrations)).',
    '',
    '| phase | table | kind | purpose |',
    '| --- | --- | --- | --- |',
    ...entries.map((e) => `| ${String(e.phase).padStart(4, '0')} | [${code(e.name)}](#${anchor(e.name)}) | ${e.kind === 'root' ? 'root' : e.kind} | ${cell(e.pg.comment)} |`),
    '',
    '## Conference core',
    '',
    'Generated from the references (`||` required: the child goes with its parent; `|o` optional: set to NULL).',
    'Every table also references `tenants`, left out for clarity.',
    '',
    ...renderEr(entries),
    '',
    ...SOURCE_OF_TRUTH,
    ...dialectSection(entries),
    ...CORRECTIONS,
    ...DEPARTURES,
  ];
  let group = -1;
  for (const e of entries) {
    if (groupOf(e.phase) !== group) {
      group = groupOf(e.phase);
      out.push(`## ${String(group).padStart(2, '0')}xx · ${GROUPS[group] ?? 'Other'}`, '');
    }
    out.push(...renderTable(e, byName));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

if (require.main === module) {
  renderSchemaDocs().then(
    (text) => {
      writeFileSync(SCHEMA_DOC_PATH, text);
      console.log(`wrote ${SCHEMA_DOC_PATH} (${text.split('\n').length} lines)`);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
