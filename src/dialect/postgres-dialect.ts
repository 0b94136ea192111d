import { GENERIC_INDEX_NAMES, type Dialect } from './dialect';
import { dropSystemAccessSetup, systemAccessSetup, tenantIsolationStatements } from './postgres-rls';
import { pgIdentifier as q, pgLiteral as lit } from './postgres-sql';

/**
 * PostgreSQL (server 15+ and PGlite): native uuid, jsonb, timestamptz, partial indexes, RLS.
 *
 * @example
 * postgresDialect.quote('tenant_id'); // '"tenant_id"'
 */
export const postgresDialect: Dialect = {
  name: 'postgres',
  family: 'postgres',
  quote: q,
  uuidType: 'uuid',
  jsonType: 'jsonb',
  timestampType: 'timestamptz(6)',
  now: 'now()',
  onUpdateNow: '',
  emptyJsonDefault: "'{}'::jsonb",
  enumColumn: (column, values) =>
    `varchar(${Math.max(...values.map((v) => v.length))}) CHECK (${q(column)} IN (${values.map(lit).join(', ')}))`,
  tableSuffix: () => '',
  tableComment: (table, comment) => [`COMMENT ON TABLE ${q(table)} IS ${lit(comment)}`],
  inlineColumnComment: () => '',
  columnComment: (table, column, comment) => [`COMMENT ON COLUMN ${q(table)}.${q(column)} IS ${lit(comment)}`],
  uniqueWhileLive: (table, indexName, columns) => [
    `CREATE UNIQUE INDEX ${q(indexName)} ON ${q(table)} (${columns.map(q).join(', ')}) WHERE ${q('deleted_at')} IS NULL`,
  ],
  guardUpsert: ({ tenantColumn, overwrite, tableRef, render }) =>
    render({ overwrite: overwrite ? [...overwrite] : undefined, extraCondition: `${tableRef}.${q(tenantColumn)} = EXCLUDED.${q(tenantColumn)}` }),
  indexName: (table, name) => (GENERIC_INDEX_NAMES.has(name) ? `${table}_${name}` : name),
  fullTextIndex: (table, name, columns) =>
    `CREATE INDEX ${q(name)} ON ${q(table)} USING GIN (to_tsvector('simple', ${columns.map((c) => `coalesce(${q(c)}, '')`).join(" || ' ' || ")}))`,
  coveringIndex: (table, name, keys, include) =>
    `CREATE INDEX ${q(name)} ON ${q(table)} (${keys.map(q).join(', ')}) INCLUDE (${include.map((c) => q(c.name)).join(', ')})`,
  partialIndex: (table, name, columns, where) =>
    `CREATE INDEX ${q(name)} ON ${q(table)} (${columns.map(q).join(', ')}) WHERE ${q(where.column)} IN (${where.values.map(lit).join(', ')})`,
  optionalTenantReference: (table, column, parent) => ({
    constraints: [
      `CONSTRAINT ${q(`fk_${table}_${column}`)} FOREIGN KEY (${q('tenant_id')}, ${q(column)}) REFERENCES ${q(parent)} (${q('tenant_id')}, ${q('id')}) ` +
        `ON DELETE SET NULL (${q(column)})`,
    ],
    statements: [],
  }),
  dropUniqueWhileLive: (_table, indexName) => [`DROP INDEX ${q(indexName)}`],
  rowLevelSecurity: true,
  tenantIsolationSetup: systemAccessSetup,
  dropTenantIsolationSetup: dropSystemAccessSetup,
  tenantIsolation: tenantIsolationStatements,
};
