import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Dialect } from '../../dialect/dialect';
import { dialectOf } from '../../dialect/dialect-of';
import { createTable, createTenantTable, dropTable, timestampColumns, type ColumnSpec, type IgnoredRows } from '../ddl';
import { migrationName } from '../phase';
import { USERS_PHASE, type IndexDefinition, type TableDefinition } from './table-definition';

const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/** Generic indexes of the design, added to every tenant table whose columns they fit. */
function genericIndexes(def: TableDefinition): IndexDefinition[] {
  const has = (c: string) => def.columns.some((x) => x.name === c) || (def.references ?? []).some((r) => r.column === c);
  return [
    ...(has('status') ? [{ name: 'idx_tenant_status_date', columns: ['tenant_id', 'status', 'created_at'] }] : []),
    ...(has('parent_id') ? [{ name: 'idx_tenant_hierarchy', columns: ['tenant_id', 'parent_id'] }] : []),
    { name: 'idx_chronological', columns: ['created_at'] },
    { name: 'idx_last_modified', columns: ['updated_at'] },
    ...(has('title') && has('description') ? [{ name: 'ft_content_search', columns: ['title', 'description'], fulltext: true }] : []),
  ];
}

function indexStatements(d: Dialect, def: TableDefinition): string[] {
  const t = def.name;
  const q = d.quote;
  const statements: string[] = [];
  for (const ref of def.references ?? []) {
    if (ref.column === 'parent_id') continue; // idx_tenant_hierarchy is this index
    statements.push(`CREATE INDEX ${q(d.indexName(t, `idx_${t}_${ref.column}`))} ON ${q(t)} (${q('tenant_id')}, ${q(ref.column)})`);
  }
  for (const unique of def.uniques ?? []) {
    if (def.kind === 'tenant' && !unique.columns.includes('tenant_id')) {
      throw new Error(`Unique key ${unique.name} of ${t} must include tenant_id.`);
    }
    statements.push(
      ...(unique.whileLive
        ? d.uniqueWhileLive(t, unique.name, unique.columns)
        : [`CREATE UNIQUE INDEX ${q(unique.name)} ON ${q(t)} (${unique.columns.map(q).join(', ')})`]),
    );
  }
  const indexes = [...(def.kind === 'tenant' ? genericIndexes(def) : []), ...(def.indexes ?? [])];
  for (const i of indexes) {
    const name = d.indexName(t, i.name);
    if (i.fulltext) statements.push(d.fullTextIndex(t, name, i.columns));
    else if (i.include) statements.push(d.coveringIndex(t, name, i.columns, i.include));
    else if (i.where) statements.push(d.partialIndex(t, name, i.columns, i.where));
    else statements.push(`CREATE INDEX ${q(name)} ON ${q(t)} (${i.columns.map(q).join(', ')})`);
  }
  return statements;
}

async function createTenantTableOf(queryRunner: QueryRunner, d: Dialect, def: TableDefinition): Promise<void> {
  const t = def.name;
  const q = d.quote;
  const references = def.references ?? [];
  const triggers: string[] = [];
  await createTenantTable(queryRunner, {
    name: t,
    comment: def.comment,
    columns: [
      ...references.map((r): ColumnSpec => ({ name: r.column, type: (x) => x.uuidType, nullable: r.nullable, comment: r.comment })),
      ...def.columns,
    ],
    constraints: (x) => [
      ...references.flatMap((r) => {
        if (!r.nullable) {
          return [
            `CONSTRAINT ${q(`fk_${t}_${r.column}`)} FOREIGN KEY (${q('tenant_id')}, ${q(r.column)}) ` +
              `REFERENCES ${q(r.table)} (${q('tenant_id')}, ${q('id')}) ON DELETE CASCADE`,
          ];
        }
        const optional = x.optionalTenantReference(t, r.column, r.table);
        triggers.push(...optional.statements);
        return optional.constraints;
      }),
      // The actors are users of the row's own tenant, kept so like any optional in-tenant reference:
      // (tenant_id, created_by) → users (tenant_id, id) ON DELETE SET NULL (created_by) on PostgreSQL;
      // on the MySQL family a one-column key ON DELETE SET NULL plus same-tenant triggers (SET NULL
      // on a composite key would null tenant_id too).
      ...(def.phase >= USERS_PHASE
        ? ['created_by', 'updated_by'].flatMap((c) => {
            const actor = x.optionalTenantReference(t, c, 'users');
            triggers.push(...actor.statements);
            return actor.constraints;
          })
        : []),
    ],
  });
  for (const sql of [...triggers, ...indexStatements(d, def)]) await queryRunner.query(sql);
}

async function createGlobalTableOf(queryRunner: QueryRunner, d: Dialect, def: TableDefinition): Promise<void> {
  const key = def.primaryKey ?? ['id'];
  await createTable(queryRunner, {
    name: def.name,
    comment: def.comment,
    columns: [
      ...(def.primaryKey ? [] : [{ name: 'id', type: (x: Dialect) => x.uuidType, comment: 'UUIDv7 primary key' }]),
      ...def.columns,
      ...(def.timestamps === false ? [] : timestampColumns),
    ],
    constraints: (x) => [`CONSTRAINT ${x.quote(`pk_${def.name}`)} PRIMARY KEY (${key.map(x.quote).join(', ')})`],
  });
  for (const sql of indexStatements(d, def)) await queryRunner.query(sql);
  const rows = def.seed?.() ?? [];
  const driver = queryRunner.connection.driver;
  // Raw INSERT with an explicit column list: a query builder without an entity omits the list,
  // which the MySQL family rejects, and with the entity loaded it reads keys as property names.
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const columns = Object.keys(chunk[0]);
    const parameters: unknown[] = [];
    const tuples = chunk.map(
      (row) => `(${columns.map((c) => driver.createParameter(`seed${parameters.push(row[c])}`, parameters.length - 1)).join(', ')})`,
    );
    await queryRunner.query(`INSERT INTO ${d.quote(def.name)} (${columns.map(d.quote).join(', ')}) VALUES ${tuples.join(', ')}`, parameters);
  }
}

/** The rows `up()` seeded, by the first one-column unique key they carry: a revert does not count them as rows to keep. */
function seededRows(def: TableDefinition): IgnoredRows | undefined {
  const rows = def.seed?.() ?? [];
  const key = (def.uniques ?? []).find((u) => u.columns.length === 1 && rows.length > 0 && u.columns[0] in rows[0]);
  return key ? { column: key.columns[0], values: rows.map((r) => r[key.columns[0]]) } : undefined;
}

/**
 * The migration class of one table definition: `Phase<nnnn>Create<Table><timestamp>`, creating the
 * table with its references, keys and indexes (and seed rows) on either dialect, and dropping it
 * on revert, refused while it holds rows other than its seed (see `dropTable`).
 *
 * @example
 * export const CreateVenues0201 = tableMigration(venues);
 */
export function tableMigration(def: TableDefinition): new () => MigrationInterface {
  const name = migrationName(def.phase, `Create${pascal(def.name)}`);
  return class implements MigrationInterface {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      const d = dialectOf(queryRunner.connection);
      await (def.kind === 'tenant' ? createTenantTableOf(queryRunner, d, def) : createGlobalTableOf(queryRunner, d, def));
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await dropTable(queryRunner, def.name, { seeded: seededRows(def) });
    }
  };
}
