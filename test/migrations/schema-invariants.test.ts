import type { DataSource } from 'typeorm';
import type { Dialect } from '../../src/dialect/dialect';
import { dialectOf } from '../../src/dialect/dialect-of';
import { mariadbDialect, mysqlDialect } from '../../src/dialect/mysql-dialect';
import { postgresDialect } from '../../src/dialect/postgres-dialect';
import { schemaMigrations, schemaTables, type IndexDefinition, type TableDefinition } from '../../src/migrations/schema';
import { sqlType } from '../../src/schema/column-shape';
import { uuidv7 } from '../../src/uuid';
import {
  allLinks,
  attempt,
  buildRow,
  countByTenant,
  expectedAfterDelete,
  hasActorKeys,
  insertRow,
  insertTenant,
  insertTenantFixture,
  rootId,
  tenantTables,
  valueForSpec,
  valueForType,
  type Row,
  type TenantFixture,
} from '../support/schema-fixtures';
import { snapshotSchema, type IndexInfo, type SchemaSnapshot } from '../support/schema-inspect';
import { describeEachDatabase } from '../support/scratch-database';

/**
 * Invariants of the declarative schema, checked against the database catalogs and with raw SQL
 * (tenancy off, so only the database enforces anything). Every check loops over `schemaTables`,
 * so tables added later are covered without touching this file. Each check collects all
 * violations and compares the list with [] so one failure names every offending table.
 */

/** Scratch databases run the `tenants` migration, then these: every table of the schema. */
const migrations = schemaMigrations;
const tenantDefs = tenantTables(schemaTables);
const byName = new Map(schemaTables.map((t) => [t.name, t]));

/** Columns every tenant table gets from `createTenantTable`. */
const STANDARD_TENANT_COLUMNS = ['id', 'tenant_id', 'created_at', 'updated_at', 'deleted_at', 'created_by', 'updated_by'];

const columnsOf = (def: TableDefinition): string[] => [
  ...(def.kind === 'tenant' ? STANDARD_TENANT_COLUMNS : def.primaryKey ? [] : ['id']),
  ...(def.references ?? []).map((r) => r.column),
  ...def.columns.map((c) => c.name),
  ...(def.kind === 'global' && def.timestamps !== false ? ['created_at', 'updated_at', 'deleted_at'] : []),
];

/** A named index the design asks for, with where it comes from. */
type DesignIndex = IndexDefinition & { unique?: boolean; whileLive?: boolean };

/**
 * Every named index of a definition: its own indexes and unique keys, one (tenant_id, column)
 * index per reference, and the design's generic indexes on tenant tables (status/date, hierarchy,
 * chronological, last modified, full-text over title + description).
 */
function designIndexes(def: TableDefinition): DesignIndex[] {
  const cols = new Set(columnsOf(def));
  const generic: DesignIndex[] =
    def.kind !== 'tenant'
      ? []
      : [
          // One (tenant_id, column) index per reference; for parent_id that is idx_tenant_hierarchy.
          // (Left out where a unique key or another index of the table already leads with those columns.)
          ...(def.references ?? [])
            .filter((r) => r.column !== 'parent_id')
            .filter((r) => ![...(def.uniques ?? []), ...(def.indexes ?? []).filter((i) => !i.fulltext && !i.where && !i.include)].some((o) => o.columns[0] === 'tenant_id' && o.columns[1] === r.column))
            .map((r) => ({ name: `idx_${def.name}_${r.column}`, columns: ['tenant_id', r.column] })),
          { name: 'idx_tenant_primary', columns: ['tenant_id', 'created_at'] },
          ...(cols.has('status') ? [{ name: 'idx_tenant_status_date', columns: ['tenant_id', 'status', 'created_at'] }] : []),
          ...(cols.has('parent_id') ? [{ name: 'idx_tenant_hierarchy', columns: ['tenant_id', 'parent_id'] }] : []),
          ...(cols.has('title') ? [{ name: 'idx_tenant_title', columns: ['tenant_id', 'title'], prefix: { title: 50 } }] : []),
          { name: 'idx_chronological', columns: ['created_at'] },
          { name: 'idx_last_modified', columns: ['updated_at'] },
          // The generic full-text index unless the table has its own.
          ...(cols.has('title') && cols.has('description') && !(def.indexes ?? []).some((i) => i.fulltext)
            ? [{ name: 'ft_content_search', columns: ['title', 'description'], fulltext: true }]
            : []),
        ];
  return [...generic, ...(def.uniques ?? []).map((u) => ({ ...u, unique: true })), ...(def.indexes ?? [])];
}

/** A value of the right type for `column` of `def`, for a query on a table without rows. */
function sampleValue(d: Dialect, def: TableDefinition, column: string): unknown {
  const spec = def.columns.find((c) => c.name === column);
  if (spec) return valueForSpec(d, spec);
  return /_at$/.test(column) ? '2026-06-01 09:00:00' : uuidv7();
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Column names a generated column's expression mentions (MySQL family quotes them with backticks). */
const mentioned = (expression: string) => [...expression.matchAll(/`([^`]+)`|"([^"]+)"/g)].map((m) => m[1] ?? m[2]);

class Catalog {
  constructor(
    readonly snap: SchemaSnapshot,
    readonly d: Dialect,
  ) {}

  index(table: string, name: string): IndexInfo | undefined {
    const names = [this.d.indexName(table, name), name];
    return this.snap.indexes.find((i) => i.table === table && names.includes(i.name));
  }

  column(table: string, name: string) {
    return this.snap.columns.find((c) => c.table === table && c.name === name);
  }

  /** The base columns behind an index column: itself, or what a generated column is computed from. */
  baseColumns(table: string, column: string | null): string[] {
    if (column === null) return [];
    const generated = this.column(table, column)?.generated;
    const names = this.snap.columns.filter((c) => c.table === table).map((c) => c.name);
    return generated ? [...mentioned(generated), ...names.filter((n) => new RegExp(String.raw`\b${n}\b`).test(generated))] : [column];
  }

  /** Problems with one design index, or []. */
  check(table: string, want: DesignIndex): string[] {
    const at = `${table}.${want.name}`;
    const got = this.index(table, want.name);
    if (!got) {
      // Left out by design: a language-specific full-text index on the MySQL family, a partial-index stand-in another index covers.
      if (this.d.family === 'mysql' && ((want.fulltext && want.language) || want.where)) return [];
      return [`${at}: missing (looked for ${this.d.indexName(table, want.name)})`];
    }
    const shape = `${got.columns.join(',')}${got.include.length ? ` INCLUDE ${got.include.join(',')}` : ''}`;
    const expect = (ok: boolean, what: string) => (ok ? [] : [`${at}: expected ${what}, found ${got.method} ${got.unique ? 'unique ' : ''}(${shape})${got.predicate ? ` WHERE ${got.predicate}` : ''}`]);
    const pg = this.d.family === 'postgres';
    if (want.whileLive) {
      const base = got.columns.flatMap((c) => this.baseColumns(table, c));
      const generatedFromDeleted = got.columns.some((c) => c !== null && this.column(table, c)?.generated && this.baseColumns(table, c).includes('deleted_at'));
      return expect(got.unique && want.columns.every((c) => base.includes(c)) && generatedFromDeleted, `unique over (${want.columns}) and a column generated from deleted_at`);
    }
    if (want.unique) return expect(got.unique && same(got.columns, want.columns), `unique (${want.columns})`);
    if (got.unique) return [`${at}: unexpectedly unique`];
    if (want.fulltext) {
      return pg
        ? expect(got.method === 'gin' && /to_tsvector/.test(got.definition) && want.columns.every((c) => got.definition.includes(c)), `GIN to_tsvector over ${want.columns}`)
        : expect(got.method === 'fulltext' && same(got.columns, want.columns), `FULLTEXT (${want.columns})`);
    }
    if (want.include) {
      return pg
        ? expect(same(got.columns, want.columns) && same(got.include, want.include.map((c) => c.name)), `(${want.columns}) INCLUDE (${want.include.map((c) => c.name)})`)
        : expect(same(got.columns, [...want.columns, ...want.include.filter((c) => !c.text).map((c) => c.name)]), `(${want.columns} + non-text ${want.include.map((c) => c.name)})`);
    }
    if (want.where) {
      if (pg) {
        const predicate = got.predicate ?? '';
        return expect(
          same(got.columns, want.columns) && predicate.includes(want.where.column) && want.where.values.every((v) => predicate.includes(`'${v}'`)),
          `(${want.columns}) WHERE ${want.where.column} IN (${want.where.values})`,
        );
      }
      const [first, ...rest] = want.columns;
      const keys = first === 'tenant_id' ? [first, want.where.column, ...rest] : [want.where.column, ...want.columns];
      return expect(same(got.columns, keys), `(${keys}) (partial index widened by its predicate column)`);
    }
    // The MySQL family lists a prefix key part as `col(n)`.
    const keys = pg ? want.columns : want.columns.map((c) => (want.prefix?.[c] ? `${c}(${want.prefix[c]})` : c));
    return expect(same(got.columns, keys) && got.include.length === 0 && !got.predicate, `(${keys})`);
  }
}

describe('schema definitions', () => {
  it('have unique phases and table names, in phase order', () => {
    expect(tenantDefs.length).toBeGreaterThan(0);
    const phases = schemaTables.map((t) => t.phase);
    expect(new Set(phases).size).toBe(phases.length);
    expect(new Set(schemaTables.map((t) => t.name)).size).toBe(schemaTables.length);
    expect(phases).toEqual([...phases].sort((a, b) => a! - b!));
    expect(schemaTables.map((t) => t.name)).not.toContain('tenants');
  });

  it('reference tenant tables of an earlier phase (or themselves)', () => {
    const problems = tenantDefs.flatMap((def) =>
      (def.references ?? []).flatMap((r) => {
        const parent = byName.get(r.table);
        if (!parent) return [`${def.name}.${r.column} → ${r.table}: no such table`];
        if (parent.kind !== 'tenant') return [`${def.name}.${r.column} → ${r.table}: not a tenant table`];
        if (parent.phase! > def.phase!) return [`${def.name}.${r.column} → ${r.table}: created later (phase ${parent.phase} > ${def.phase})`];
        return [];
      }),
    );
    expect(problems).toEqual([]);
    expect(schemaTables.filter((t) => t.kind === 'global').flatMap((t) => (t.references ?? []).map((r) => `${t.name}.${r.column}`))).toEqual([]);
  });

  it('name only existing columns in keys and indexes, and every tenant unique key includes tenant_id', () => {
    const problems = schemaTables.flatMap((def) => {
      const columns = new Set(columnsOf(def));
      const named = [...(def.uniques ?? []), ...(def.indexes ?? [])].flatMap((i) => [
        ...i.columns.map((c) => [i.name, c] as const),
        ...('include' in i ? (i.include ?? []).map((c) => [i.name, c.name] as const) : []),
        ...('where' in i && i.where ? [[i.name, i.where.column] as const] : []),
      ]);
      return [
        ...named.filter(([, c]) => !columns.has(c)).map(([i, c]) => `${def.name}.${i}: no column ${c}`),
        ...(def.kind === 'tenant' ? (def.uniques ?? []).filter((u) => !u.columns.includes('tenant_id')).map((u) => `${def.name}.${u.name}: no tenant_id`) : []),
        ...(def.primaryKey ?? []).filter((c) => !columns.has(c)).map((c) => `${def.name}: primary key column ${c} missing`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it.each([postgresDialect, mariadbDialect, mysqlDialect])('give identifiers that fit and do not collide on $name', (d) => {
    const limit = d.family === 'postgres' ? 63 : 64;
    // Index names (and index-backed constraints) are per schema on PostgreSQL, per table on MySQL.
    const indexScope = (table: string) => (d.family === 'postgres' ? '' : table);
    const identifiers: Array<[kind: string, scope: string, name: string]> = [];
    for (const def of schemaTables) {
      const t = def.name;
      identifiers.push(['table', '', t], ['index', indexScope(t), `pk_${t}`]);
      for (const c of columnsOf(def)) identifiers.push(['column', t, c]);
      if (def.kind === 'tenant') {
        identifiers.push(['index', indexScope(t), `uq_${t}_tenant_id_id`], ['constraint', t, `fk_${t}_tenant`]);
        for (const r of def.references ?? []) {
          identifiers.push(['constraint', d.family === 'postgres' ? t : '', `fk_${t}_${r.column}`]);
          if (r.nullable && d.family === 'mysql') for (const e of ['insert', 'update']) identifiers.push(['trigger', '', `trg_${t}_${r.column}_${e}`]);
        }
        if (hasActorKeys(def)) {
          for (const c of ['created_by', 'updated_by']) {
            identifiers.push(['constraint', d.family === 'postgres' ? t : '', `fk_${t}_${c}`]);
            if (d.family === 'mysql') for (const e of ['insert', 'update']) identifiers.push(['trigger', '', `trg_${t}_${c}_${e}`]);
          }
        }
      }
      for (const u of def.uniques ?? []) {
        identifiers.push(['index', indexScope(t), u.name]);
        if (u.whileLive) identifiers.push(['column', t, `${u.name}_live`]);
      }
      for (const i of designIndexes(def).filter((x) => !x.unique)) identifiers.push(['index', indexScope(t), d.indexName(t, i.name)]);
    }
    expect(identifiers.filter(([, , name]) => name.length > limit).map(([k, , n]) => `${k} ${n} (${n.length})`)).toEqual([]);
    const seen = new Map<string, number>();
    for (const [kind, scope, name] of identifiers) seen.set(`${kind} ${scope ? `${scope}.` : ''}${name}`, (seen.get(`${kind} ${scope ? `${scope}.` : ''}${name}`) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
  });
});

describeEachDatabase('schema invariants', { migrations, tenancy: false }, (db) => {
  let ds: DataSource;
  let d: Dialect;
  let catalog: Catalog;
  const mark = (i: number) => (d.family === 'postgres' ? `$${i}` : '?');
  const q = (name: string) => d.quote(name);

  beforeAll(async () => {
    ds = db().dataSource;
    d = dialectOf(ds);
    catalog = new Catalog(await snapshotSchema(ds), d);
  });

  it('creates every table of the definitions', () => {
    const tables = catalog.snap.tables.map((t) => t.name);
    expect(schemaTables.map((t) => t.name).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('tenant tables: tenant_id NOT NULL, an index leading with it, and a CASCADE key to tenants(id)', () => {
    const problems = tenantDefs.flatMap((def) => {
      const t = def.name;
      const column = catalog.column(t, 'tenant_id');
      const fk = catalog.snap.foreignKeys.find((f) => f.table === t && same(f.columns, ['tenant_id']) && f.refTable === 'tenants');
      return [
        ...(!column ? [`${t}: no tenant_id`] : column.nullable ? [`${t}: tenant_id is nullable`] : []),
        ...(catalog.snap.indexes.some((i) => i.table === t && i.columns[0] === 'tenant_id') ? [] : [`${t}: no index leading with tenant_id`]),
        ...(!fk ? [`${t}: no foreign key tenant_id → tenants`] : []),
        ...(fk && (!same(fk.refColumns, ['id']) || fk.onDelete !== 'CASCADE') ? [`${t}: tenant key is → tenants(${fk.refColumns}) ON DELETE ${fk.onDelete}`] : []),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('tenant tables: every unique index includes tenant_id (directly or in a generated live-key column)', () => {
    const problems = tenantDefs.flatMap((def) =>
      catalog.snap.indexes
        .filter((i) => i.table === def.name && i.unique && !i.primary)
        .filter((i) => !i.columns.flatMap((c) => catalog.baseColumns(def.name, c)).includes('tenant_id'))
        .map((i) => `${def.name}.${i.name} (${i.columns}) lacks tenant_id`),
    );
    expect(problems).toEqual([]);
    // The only unique key without tenant_id is the UUIDv7 primary key.
    const primaries = catalog.snap.indexes.filter((i) => tenantDefs.some((t) => t.name === i.table) && i.primary);
    expect(primaries.filter((i) => !same(i.columns, ['id'])).map((i) => `${i.table}: ${i.columns}`)).toEqual([]);
  });

  it('every named index of the definitions exists with its exact shape for this dialect', () => {
    expect(schemaTables.flatMap((def) => designIndexes(def).flatMap((i) => catalog.check(def.name, i)))).toEqual([]);
  });

  it('required references are composite keys (tenant_id, col) → parent(tenant_id, id) ON DELETE CASCADE', () => {
    const problems = tenantDefs.flatMap((def) =>
      (def.references ?? [])
        .filter((r) => !r.nullable)
        .flatMap((r) => {
          const fk = catalog.snap.foreignKeys.find((f) => f.table === def.name && f.columns.includes(r.column));
          const ok = fk && same(fk.columns, ['tenant_id', r.column]) && fk.refTable === r.table && same(fk.refColumns, ['tenant_id', 'id']) && fk.onDelete === 'CASCADE';
          return ok ? [] : [`${def.name}.${r.column}: ${fk ? `(${fk.columns}) → ${fk.refTable}(${fk.refColumns}) ON DELETE ${fk.onDelete}` : 'no foreign key'}`];
        }),
    );
    expect(problems).toEqual([]);
  });

  it('optional references are tied to the tenant: composite SET NULL (col) on PostgreSQL, key + triggers on MySQL', () => {
    const problems = tenantDefs.flatMap((def) =>
      (def.references ?? [])
        .filter((r) => r.nullable)
        .flatMap((r) => {
          const at = `${def.name}.${r.column}`;
          const fk = catalog.snap.foreignKeys.find((f) => f.table === def.name && f.columns.includes(r.column));
          if (!fk) return [`${at}: no foreign key`];
          if (d.family === 'postgres') {
            const ok = same(fk.columns, ['tenant_id', r.column]) && fk.refTable === r.table && same(fk.refColumns, ['tenant_id', 'id']) && fk.definition.includes(`ON DELETE SET NULL (${r.column})`);
            return ok ? [] : [`${at}: ${fk.definition}`];
          }
          const triggers = catalog.snap.triggers.filter((x) => x.table === def.name && x.timing === 'BEFORE' && x.statement.includes(r.column) && x.statement.includes(r.table));
          return [
            ...(same(fk.columns, [r.column]) && fk.refTable === r.table && same(fk.refColumns, ['id']) && fk.onDelete === 'SET NULL' ? [] : [`${at}: (${fk.columns}) → ${fk.refTable}(${fk.refColumns}) ON DELETE ${fk.onDelete}`]),
            ...['INSERT', 'UPDATE'].filter((e) => !triggers.some((x) => x.event === e)).map((e) => `${at}: no BEFORE ${e} trigger`),
          ];
        }),
    );
    expect(problems).toEqual([]);
  });

  it('created_by / updated_by reference a user of the same tenant from phase 0101 on: composite SET NULL (col) on PostgreSQL, key + triggers on MySQL', () => {
    const problems = tenantDefs.filter(hasActorKeys).flatMap((def) =>
      ['created_by', 'updated_by'].flatMap((c) => {
        const at = `${def.name}.${c}`;
        const fk = catalog.snap.foreignKeys.find((f) => f.table === def.name && f.columns.includes(c));
        if (!fk) return [`${at}: no foreign key`];
        if (d.family === 'postgres') {
          const ok = same(fk.columns, ['tenant_id', c]) && fk.refTable === 'users' && same(fk.refColumns, ['tenant_id', 'id']) && fk.definition.includes(`ON DELETE SET NULL (${c})`);
          return ok ? [] : [`${at}: ${fk.definition}`];
        }
        const triggers = catalog.snap.triggers.filter((x) => x.table === def.name && x.timing === 'BEFORE' && x.statement.includes(`NEW.\`${c}\``) && x.statement.includes('`users`'));
        return [
          ...(same(fk.columns, [c]) && fk.refTable === 'users' && same(fk.refColumns, ['id']) && fk.onDelete === 'SET NULL' ? [] : [`${at}: (${fk.columns}) → ${fk.refTable}(${fk.refColumns}) ON DELETE ${fk.onDelete}`]),
          ...['INSERT', 'UPDATE'].filter((e) => !triggers.some((x) => x.event === e)).map((e) => `${at}: no BEFORE ${e} trigger`),
        ];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('no foreign key has an ON UPDATE action: tenants.id and ids are immutable (and Citus refuses ON UPDATE CASCADE)', () => {
    const tables = new Set(['tenants', ...schemaTables.map((t) => t.name)]);
    const cascading = catalog.snap.foreignKeys.filter((f) => tables.has(f.table) && (f.onUpdate ?? 'NO ACTION') !== 'NO ACTION' && f.onUpdate !== 'RESTRICT');
    expect(cascading.map((f) => `${f.table}.${f.name}: ON UPDATE ${f.onUpdate}`)).toEqual([]);
  });

  it('seeded reference tables (countries, languages, …) hold their seed rows', async () => {
    const seeded = schemaTables.filter((t) => t.seed);
    for (const name of ['countries', 'languages']) if (byName.has(name)) expect(seeded.map((t) => t.name)).toContain(name);
    for (const def of seeded) {
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM ${q(def.name)}`);
      expect([def.name, Number(n)]).toEqual([def.name, def.seed!().length]);
      expect(Number(n)).toBeGreaterThan(0);
    }
  });

  describe('with data', () => {
    let a: TenantFixture;
    let b: TenantFixture;

    beforeAll(async () => {
      a = await insertTenantFixture(ds, schemaTables, await insertTenant(ds, 'a'));
      b = await insertTenantFixture(ds, schemaTables, await insertTenant(ds, 'b'));
    });

    it("an actor column cannot name another tenant's user, on insert or update; the row's own tenant's user is accepted", async () => {
      const problems: string[] = [];
      const theirs = rootId(b, 'users')!;
      // Inserts: each table's first row of a fresh tenant, tried with tenant B's user first.
      await insertTenantFixture(ds, schemaTables, await insertTenant(ds, 'actors'), async (def, _fixture, row) => {
        if (!hasActorKeys(def)) return;
        for (const c of ['created_by', 'updated_by']) {
          const inserted = await attempt(() => insertRow(ds, def.name, { ...row, [c]: theirs }));
          if (inserted !== 'foreign-key') problems.push(`${def.name}.${c}: insert naming tenant B's user → ${inserted}`);
        }
      });
      // Updates of tenant A's rows.
      const ours = rootId(a, 'users')!;
      for (const def of tenantDefs.filter(hasActorKeys)) {
        const id = rootId(a, def.name);
        for (const c of ['created_by', 'updated_by']) {
          const set = (actor: string) => attempt(() => ds.query(`UPDATE ${q(def.name)} SET ${q(c)} = ${mark(1)} WHERE ${q('id')} = ${mark(2)}`, [actor, id]));
          const foreign = await set(theirs);
          if (foreign !== 'foreign-key') problems.push(`${def.name}.${c}: update to tenant B's user → ${foreign}`);
          const own = await set(ours);
          if (own !== 'accepted') problems.push(`${def.name}.${c}: update to tenant A's own user → ${own}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('tenants.id cannot change while rows refer to it (no ON UPDATE CASCADE moves them)', async () => {
      const renamed = uuidv7();
      const outcome = await attempt(() => ds.query(`UPDATE ${q('tenants')} SET ${q('id')} = ${mark(1)} WHERE ${q('id')} = ${mark(2)}`, [renamed, a.tenantId]));
      expect(outcome).toBe('foreign-key');
      for (const def of tenantDefs) expect([def.name, await countByTenant(ds, def.name, a.tenantId)]).toEqual([def.name, a.rows.get(def.name)!.length]);
      expect(await countByTenant(ds, 'users', renamed)).toBe(0);
    });

    it('refuses a row without tenant_id, with an unknown tenant, or pointing at another tenant’s parent; accepts the valid one', async () => {
      const problems: string[] = [];
      const c = await insertTenant(ds, 'c');
      await insertTenantFixture(ds, schemaTables, c, async (def, _fixture, row) => {
        const { tenant_id: _omit, ...withoutTenant } = row;
        const outcomes: Array<[string, Row, string[]]> = [
          // MySQL family: a BEFORE INSERT trigger of an optional reference may refuse it before the NOT NULL check does.
          ['without tenant_id', withoutTenant, ['not-null', 'foreign-key']],
          ['with an unknown tenant_id', { ...row, id: uuidv7(), tenant_id: uuidv7() }, ['foreign-key']],
          ...(def.references ?? []).map((r): [string, Row, string[]] => [
            `with ${r.column} of tenant A (${r.nullable ? 'optional' : 'required'})`,
            { ...row, id: uuidv7(), [r.column]: rootId(a, r.table) },
            ['foreign-key'],
          ]),
        ];
        for (const [what, bad, refusals] of outcomes) {
          const outcome = await attempt(() => insertRow(ds, def.name, bad));
          if (!refusals.includes(outcome)) problems.push(`${def.name} ${what}: ${outcome}`);
        }
      });
      expect(problems).toEqual([]);
    });

    it('refuses an UPDATE pointing a reference at another tenant’s parent', async () => {
      const problems: string[] = [];
      for (const def of tenantDefs) {
        for (const r of def.references ?? []) {
          const sql = `UPDATE ${q(def.name)} SET ${q(r.column)} = ${mark(1)} WHERE ${q('id')} = ${mark(2)}`;
          const outcome = await attempt(() => ds.query(sql, [rootId(a, r.table), rootId(b, def.name)]));
          if (outcome !== 'foreign-key') problems.push(`${def.name}.${r.column} (${r.nullable ? 'optional' : 'required'}): ${outcome}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('unique keys refuse a duplicate; live keys take it again once the holder is soft-deleted', async () => {
      const problems: string[] = [];
      const t = await insertTenantFixture(ds, schemaTables, await insertTenant(ds, 'uniques'));
      for (const def of tenantDefs) {
        for (const u of def.uniques ?? []) {
          const [holder] = await ds.query(`SELECT * FROM ${q(def.name)} WHERE ${q('id')} = ${mark(1)}`, [rootId(t, def.name)]);
          const copy = () => {
            const row = buildRow(d, def, t.tenantId, (table) => rootId(t, table), { self: rootId(t, def.name) });
            for (const c of u.columns) row[c] = holder[c];
            return row;
          };
          const first = await attempt(() => insertRow(ds, def.name, copy()));
          if (first !== 'unique') problems.push(`${def.name}.${u.name}: duplicate of a live row → ${first}`);
          if (!u.whileLive) continue;
          await ds.query(`UPDATE ${q(def.name)} SET ${q('deleted_at')} = ${d.now} WHERE ${q('id')} = ${mark(1)}`, [holder.id]);
          const again = await attempt(() => insertRow(ds, def.name, copy()));
          if (again !== 'accepted') problems.push(`${def.name}.${u.name}: same key after soft delete → ${again}`);
          const third = await attempt(() => insertRow(ds, def.name, copy()));
          if (third !== 'unique') problems.push(`${def.name}.${u.name}: second live duplicate → ${third}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('deleting a row does what the references declare: CASCADE for required, SET NULL for optional and actors', async () => {
      const problems: string[] = [];
      const parents = [...new Set(allLinks(schemaTables).map((l) => l.table))];
      for (const parent of parents) {
        const f = await insertTenantFixture(ds, schemaTables, await insertTenant(ds, `del-${parent}`));
        const id = rootId(f, parent)!;
        const { deleted, nulled } = expectedAfterDelete(schemaTables, f, id);
        const outcome = await attempt(() => ds.query(`DELETE FROM ${q(parent)} WHERE ${q('id')} = ${mark(1)}`, [id]));
        if (outcome !== 'accepted') {
          problems.push(`DELETE ${parent} row: ${outcome}`);
          continue;
        }
        for (const [table, rows] of f.rows) {
          const stored = new Map<string, Row>(
            (await ds.query(`SELECT * FROM ${q(table)} WHERE ${q('tenant_id')} = ${mark(1)}`, [f.tenantId])).map((r: Row) => [String(r.id), r]),
          );
          for (const row of rows) {
            const rowId = String(row.id);
            const at = `delete ${parent} → ${table} row`;
            if (deleted.has(rowId)) {
              if (stored.has(rowId)) problems.push(`${at}: still there (expected CASCADE)`);
              continue;
            }
            const now = stored.get(rowId);
            if (!now) {
              problems.push(`${at}: gone (expected to stay${nulled.has(rowId) ? ` with ${nulled.get(rowId)} NULL` : ''})`);
              continue;
            }
            for (const c of nulled.get(rowId) ?? []) if (now[c] !== null) problems.push(`${at}: ${c} not set to NULL`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('deleting tenant A removes its rows from every table and leaves tenant B’s untouched', async () => {
      const before = await Promise.all(tenantDefs.map((t) => countByTenant(ds, t.name, b.tenantId)));
      for (const def of tenantDefs) expect([def.name, await countByTenant(ds, def.name, a.tenantId)]).toEqual([def.name, a.rows.get(def.name)!.length]);
      await ds.query(`DELETE FROM ${q('tenants')} WHERE ${q('id')} = ${mark(1)}`, [a.tenantId]);
      const leftA = await Promise.all(tenantDefs.map(async (t) => [t.name, await countByTenant(ds, t.name, a.tenantId)] as const));
      expect(leftA.filter(([, n]) => n > 0)).toEqual([]);
      expect(await Promise.all(tenantDefs.map((t) => countByTenant(ds, t.name, b.tenantId)))).toEqual(before);
      expect(before.every((n, i) => n === b.rows.get(tenantDefs[i].name)!.length)).toBe(true);
    });

    it('leaves no orphans: every reference points at an existing row of the same tenant', async () => {
      const problems: string[] = [];
      for (const link of allLinks(schemaTables)) {
        const [{ n: missing }] = await ds.query(
          `SELECT COUNT(*) AS n FROM ${q(link.child)} c LEFT JOIN ${q(link.table)} p ON p.${q('id')} = c.${q(link.column)} ` +
            `WHERE c.${q(link.column)} IS NOT NULL AND p.${q('id')} IS NULL`,
        );
        const [{ n: foreign }] = await ds.query(
          `SELECT COUNT(*) AS n FROM ${q(link.child)} c JOIN ${q(link.table)} p ON p.${q('id')} = c.${q(link.column)} ` +
            `WHERE p.${q('tenant_id')} <> c.${q('tenant_id')}`,
        );
        if (Number(missing)) problems.push(`${link.child}.${link.column}: ${missing} rows whose ${link.table} row is missing`);
        if (Number(foreign)) problems.push(`${link.child}.${link.column}: ${foreign} rows pointing at another tenant's ${link.table} row`);
      }
      for (const def of tenantDefs) {
        const [{ n }] = await ds.query(
          `SELECT COUNT(*) AS n FROM ${q(def.name)} c LEFT JOIN ${q('tenants')} p ON p.${q('id')} = c.${q('tenant_id')} WHERE p.${q('id')} IS NULL`,
        );
        if (Number(n)) problems.push(`${def.name}: ${n} rows of a missing tenant`);
      }
      expect(problems).toEqual([]);
    });

    describe('EXPLAIN', () => {
      /** Plan of `sql`: PostgreSQL with sequential scans priced out, so a usable index is taken if one exists. */
      async function plan(sql: string, params: unknown[]): Promise<string> {
        if (d.family !== 'postgres') return JSON.stringify(await ds.query(`EXPLAIN ${sql}`, params));
        const runner = ds.createQueryRunner();
        try {
          await runner.startTransaction();
          await runner.query('SET LOCAL enable_seqscan = off');
          const rows: Array<Record<string, string>> = await runner.query(`EXPLAIN ${sql}`, params);
          return rows.map((r) => Object.values(r)[0]).join('\n');
        } finally {
          await runner.rollbackTransaction();
          await runner.release();
        }
      }
      /**
       * Whether the plan can read through an index. PostgreSQL: no sequential scan is left once they
       * are priced out. MySQL family: with `index`, the optimizer lists it among the possible keys
       * (on a table of a few rows it may still prefer a full scan); without, it picks a key.
       * Either way a unique lookup answered from the index ("const table") counts.
       */
      function usesIndex(explained: string, index?: string): boolean {
        if (d.family === 'postgres') return !/Seq Scan/.test(explained) && /Index|Bitmap/.test(explained);
        const rows: Array<Record<string, string | null>> = JSON.parse(explained);
        // A unique-key lookup that finds nothing is answered from the index alone ("const table").
        if (rows.every((r) => /const table/i.test(r.Extra ?? ''))) return true;
        if (index) return rows.every((r) => (r.possible_keys ?? '').split(',').includes(index) || r.key === index);
        return rows.every((r) => r.type !== 'ALL' && r.key !== null);
      }

      it('SELECT … WHERE tenant_id = ? AND id = ? uses an index on every tenant table', async () => {
        const problems: string[] = [];
        for (const def of tenantDefs) {
          const sql = `SELECT * FROM ${q(def.name)} WHERE ${q('tenant_id')} = ${mark(1)} AND ${q('id')} = ${mark(2)}`;
          const explained = await plan(sql, [b.tenantId, rootId(b, def.name)]);
          if (!usesIndex(explained)) problems.push(`${def.name}: ${explained}`);
        }
        expect(problems).toEqual([]);
      });

      it('a query on the key columns of each named index can use it (full-text through its own syntax)', async () => {
        const problems: string[] = [];
        for (const def of schemaTables) {
          const rows: Row[] =
            def.kind === 'tenant'
              ? await ds.query(`SELECT * FROM ${q(def.name)} WHERE ${q('tenant_id')} = ${mark(1)}`, [b.tenantId])
              : await ds.query(`SELECT * FROM ${q(def.name)} LIMIT 1`);
          for (const index of designIndexes(def)) {
            const name = d.indexName(def.name, index.name);
            // Left out by design on the MySQL family (see the shape check): nothing to plan with.
            if (!catalog.index(def.name, index.name) && d.family === 'mysql' && ((index.fulltext && index.language) || index.where)) continue;
            let sql: string;
            let params: unknown[] = [];
            if (index.fulltext) {
              sql =
                d.family === 'postgres'
                  ? `SELECT 1 FROM ${q(def.name)} WHERE ${/USING GIN \((.*)\)$/.exec(d.fullTextIndex(def.name, name, index.columns, index.language)!.sql)![1]} @@ plainto_tsquery('${index.language ?? 'simple'}', ${mark(1)})`
                  : `SELECT 1 FROM ${q(def.name)} WHERE MATCH (${index.columns.map(q).join(', ')}) AGAINST (${mark(1)} IN NATURAL LANGUAGE MODE)`;
              params = ['keynote'];
            } else {
              // Values of a stored row where it has them (else typed samples): the plan is for real data.
              const row = [...rows].sort((x, y) => index.columns.filter((c) => x[c] == null).length - index.columns.filter((c) => y[c] == null).length)[0] ?? {};
              const conditions = index.columns.map((c) => {
                params.push(row[c] ?? sampleValue(d, def, c));
                return `${q(c)} = ${mark(params.length)}`;
              });
              if (index.where) conditions.push(`${q(index.where.column)} IN (${index.where.values.map((v) => `'${v}'`).join(', ')})`);
              // Live keys serve the queries TypeORM sends for soft-deletable entities.
              if (index.whileLive) conditions.push(`${q('deleted_at')} IS NULL`);
              sql = `SELECT 1 FROM ${q(def.name)} WHERE ${conditions.join(' AND ')}`;
            }
            const explained = await plan(sql, params);
            const wanted = catalog.index(def.name, index.name)?.name ?? name;
            if (!usesIndex(explained, wanted)) problems.push(`${def.name}.${index.name}: ${sql} → ${explained}`);
          }
        }
        expect(problems).toEqual([]);
      });
    });
  });
});
