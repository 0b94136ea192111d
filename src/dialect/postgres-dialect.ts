import { GENERIC_INDEX_NAMES, type Dialect } from './dialect';
import { dropSystemAccessSetup, systemAccessSetup, tenantIsolationStatements } from './postgres-rls';
import { pgIdentifier as q, pgLiteral as lit } from './postgres-sql';
import { immutableUpsertSet } from './postgres-upsert-set';

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
  literal: lit,
  uniqueConstraintsAsIndexes: false,
  onlineIndex: (sql) => sql.replace(/^CREATE (UNIQUE )?INDEX /, (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX CONCURRENTLY `),
  onlineIndexOutsideTransaction: true,
  lockTimeout: {
    read: "SELECT current_setting('lock_timeout') AS value",
    set: (ms, local) => [['SELECT set_config($1, $2, $3)', ['lock_timeout', `${Math.max(1, Math.round(ms))}ms`, local]]],
    restore: (previous, local) => [['SELECT set_config($1, $2, $3)', ['lock_timeout', String(previous), local]]],
  },
  typeormMetadataScope: async (queryRunner) => {
    const runner = queryRunner as unknown as { getCurrentDatabase(): Promise<string>; getCurrentSchema(): Promise<string> };
    return { database: await runner.getCurrentDatabase(), schema: await runner.getCurrentSchema() };
  },
  tableSuffix: () => '',
  tableComment: (table, comment) => [`COMMENT ON TABLE ${q(table)} IS ${lit(comment)}`],
  inlineColumnComment: () => '',
  columnComment: (table, column, comment) => [`COMMENT ON COLUMN ${q(table)}.${q(column)} IS ${lit(comment)}`],
  guardUpsert: ({ tenantColumn, overwrite, tableRef, render, defaultedUpdateDates }) =>
    immutableUpsertSet(
      render({ overwrite: overwrite ? [...overwrite] : undefined, extraCondition: `${tableRef}.${q(tenantColumn)} = EXCLUDED.${q(tenantColumn)}` }),
      defaultedUpdateDates,
    ),
  indexName: (table, name) => (GENERIC_INDEX_NAMES.has(name) ? `${table}_${name}` : name),
  keyPart: (column) => q(column),
  catalogKeyPart: (column) => column,
  fullTextIndex: (table, name, columns, language = 'simple') => ({
    columns: [],
    sql: `CREATE INDEX ${q(name)} ON ${q(table)} USING GIN (to_tsvector(${lit(language)}, ${columns.map((c) => `coalesce(${q(c)}, '')`).join(" || ' ' || ")}))`,
  }),
  coveringIndex: (table, name, keys, include) => ({
    columns: [...keys],
    sql: `CREATE INDEX ${q(name)} ON ${q(table)} (${keys.map(q).join(', ')}) INCLUDE (${include.map((c) => q(c.name)).join(', ')})`,
  }),
  partialIndex: (table, name, columns, where) => ({
    columns: [...columns],
    sql: `CREATE INDEX ${q(name)} ON ${q(table)} (${columns.map(q).join(', ')}) WHERE ${q(where.column)} IN (${where.values.map(lit).join(', ')})`,
  }),
  optionalTenantReference: (_table, column, _parent, tenantColumn) => ({
    columns: [tenantColumn, column],
    refColumns: ['tenant_id', 'id'],
    onDeleteSql: `SET NULL (${q(column)})`,
    triggers: [],
  }),
  rowLevelSecurity: true,
  tenantIsolationSetup: systemAccessSetup,
  dropTenantIsolationSetup: dropSystemAccessSetup,
  tenantIsolation: tenantIsolationStatements,
};
