import type { Dialect, DialectName } from './dialect';

const q = (identifier: string) => '`' + identifier.replace(/`/g, '``') + '`';
const lit = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function mysqlFamily(name: Extract<DialectName, 'mysql' | 'mariadb'>, uuidType: string): Dialect {
  return {
    name,
    family: 'mysql',
    quote: q,
    uuidType,
    jsonType: 'JSON',
    timestampType: 'DATETIME(6)',
    now: 'CURRENT_TIMESTAMP(6)',
    onUpdateNow: ' ON UPDATE CURRENT_TIMESTAMP(6)',
    literal: lit,
    uniqueConstraintsAsIndexes: true,
    onlineIndex: (sql) => `${sql} ALGORITHM=INPLACE LOCK=${/^CREATE FULLTEXT /.test(sql) ? 'SHARED' : 'NONE'}`,
    onlineIndexOutsideTransaction: false,
    lockTimeout: {
      read: 'SELECT JSON_ARRAY(@@SESSION.lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout) AS value',
      set: (ms) => {
        const seconds = Math.max(1, Math.ceil(ms / 1000));
        return [[`SET SESSION lock_wait_timeout = ${seconds}, SESSION innodb_lock_wait_timeout = ${seconds}`, []]];
      },
      restore: (previous) => {
        const [meta, rows] = (typeof previous === 'string' ? JSON.parse(previous) : previous) as [number, number];
        return [[`SET SESSION lock_wait_timeout = ${Number(meta)}, SESSION innodb_lock_wait_timeout = ${Number(rows)}`, []]];
      },
    },
    typeormMetadataScope: async (queryRunner) => ({ schema: await (queryRunner as unknown as { getCurrentDatabase(): Promise<string> }).getCurrentDatabase() }),
    tableSuffix: (comment) =>
      ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT=${lit(comment)}`,
    tableComment: () => [],
    inlineColumnComment: (comment) => ` COMMENT ${lit(comment)}`,
    columnComment: () => [],
    guardUpsert: ({ tenantColumn, overwrite, render }) => {
      // The tenant column is never overwritten, so every IF below compares against the stored owner.
      const kept = overwrite?.filter((column) => column !== tenantColumn);
      let sql = render({ overwrite: kept });
      const t = q(tenantColumn);
      for (const column of kept ?? []) {
        const plain = `${q(column)} = VALUES(${q(column)})`;
        if (!sql.includes(plain)) throw new Error(`typeorm-tenancy: unexpected upsert SQL from TypeORM; cannot guard column ${column}.`);
        sql = sql.replace(plain, `${q(column)} = IF(${t} <=> VALUES(${t}), VALUES(${q(column)}), ${q(column)})`);
      }
      return sql;
    },
    indexName: (_table, name) => name,
    keyPart: (column, prefix) => (prefix ? `${q(column)}(${prefix})` : q(column)),
    catalogKeyPart: (column, prefix) => (prefix ? `${column}(${prefix})` : column),
    // FULLTEXT has no per-index language (the parser and collation decide): a language-specific index is left out.
    fullTextIndex: (table, name, columns, language) =>
      language && language !== 'simple' ? null : { columns: [...columns], sql: `CREATE FULLTEXT INDEX ${q(name)} ON ${q(table)} (${columns.map(q).join(', ')})` },
    coveringIndex: (table, name, keys, include) => {
      const columns = [...keys, ...include.filter((c) => !c.text).map((c) => c.name)];
      return { columns, sql: `CREATE INDEX ${q(name)} ON ${q(table)} (${columns.map(q).join(', ')})` };
    },
    partialIndex: (table, name, columns, where) => {
      const [first, ...rest] = columns;
      const keys = first === 'tenant_id' ? [first, where.column, ...rest] : [where.column, ...columns];
      return { columns: keys, standIn: true, sql: `CREATE INDEX ${q(name)} ON ${q(table)} (${keys.map(q).join(', ')})` };
    },
    optionalTenantReference: (table, column, parent, tenantColumn) => {
      const check = (event: 'INSERT' | 'UPDATE') =>
        `CREATE TRIGGER ${q(`trg_${table}_${column}_${event.toLowerCase()}`)} BEFORE ${event} ON ${q(table)} FOR EACH ROW ` +
        `BEGIN IF NEW.${q(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(parent)} p WHERE p.${q('id')} = NEW.${q(column)} AND p.${q('tenant_id')} = NEW.${q(tenantColumn)}) ` +
        `THEN SIGNAL SQLSTATE '23000' SET MESSAGE_TEXT = ${lit(`${table}.${column} must reference a ${parent} row of the same tenant`)}; END IF; END`;
      return { columns: [column], refColumns: ['id'], onDeleteSql: 'SET NULL', triggers: [check('INSERT'), check('UPDATE')] };
    },
    // No row-level security in the MySQL family: composite foreign keys and the app layer are the wall.
    rowLevelSecurity: false,
    tenantIsolationSetup: () => [],
    dropTenantIsolationSetup: () => [],
    tenantIsolation: () => [],
  };
}

/**
 * MySQL 8: no UUID type, so ids are `CHAR(36)` ascii_bin (canonical lowercase text sorts like the bytes).
 *
 * @example
 * mysqlDialect.uuidType; // 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin'
 */
export const mysqlDialect: Dialect = mysqlFamily('mysql', 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin');

/**
 * MariaDB >= 10.7 with `type: 'mariadb'`: the native 16-byte `UUID` type.
 *
 * @example
 * mariadbDialect.uuidType; // 'UUID'
 */
export const mariadbDialect: Dialect = mysqlFamily('mariadb', 'UUID');

/**
 * The Vitess / PlanetScale profile of a MySQL-family dialect: the same columns, keys and indexes,
 * but no foreign keys (sharded Vitess keyspaces refuse them) and no triggers (PlanetScale refuses
 * them). `shapeOf` leaves the keys out (keeping them as `unenforcedKeys` for the reference guard),
 * and the optional in-tenant references get no same-tenant triggers.
 *
 * @example
 * vitessProfileOf(mysqlDialect).optionalTenantReference('sessions', 'venue_id', 'venues', 'tenant_id').triggers; // []
 */
export function vitessProfileOf(base: Dialect): Dialect {
  if (base.family !== 'mysql') throw new TypeError(`typeorm-tenancy: the Vitess profile is for the MySQL family, not ${base.name}.`);
  return {
    ...base,
    profile: 'vitess',
    optionalTenantReference: (table, column, parent, tenantColumn) => ({ ...base.optionalTenantReference(table, column, parent, tenantColumn), triggers: [] }),
  };
}

/**
 * MySQL 8 (`CHAR(36)` ids) with the Vitess profile: no foreign keys, no triggers.
 *
 * @example
 * mysqlVitessDialect.profile; // 'vitess'
 */
export const mysqlVitessDialect: Dialect = vitessProfileOf(mysqlDialect);

/**
 * MariaDB (native `UUID`) with the Vitess profile: what the tests run the profile on (MariaDB
 * runs the same SQL; Vitess itself is not run here).
 *
 * @example
 * mariadbVitessDialect.uuidType; // 'UUID'
 */
export const mariadbVitessDialect: Dialect = vitessProfileOf(mariadbDialect);
