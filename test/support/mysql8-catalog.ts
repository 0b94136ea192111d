import type { DataSource, QueryRunner, Table } from 'typeorm';

/**
 * The `mysql` target runs `type: 'mysql'` against the MariaDB server of this machine (MySQL 8
 * itself cannot be installed here). MariaDB's catalog differs from MySQL 8's in ways TypeORM's
 * MySQL driver reads only when it is told the server is MariaDB (`type: 'mariadb'`), so plain
 * TypeORM, with or without this library, diffs columns that are fine:
 * - a nullable column without a default reports `COLUMN_DEFAULT = 'NULL'` (MySQL 8: NULL), which
 *   TypeORM reads as the string default `'NULL'`;
 * - JSON is an alias of LONGTEXT (MySQL 8 has a real JSON type);
 * - a generated column reports no nullability the way MySQL 8 does.
 * This corrects exactly those three readings in the tables TypeORM loads, so a schema diff on
 * this target shows what it would show on MySQL 8, and nothing is hidden beyond them. Test-only.
 *
 * @example
 * readCatalogAsMysql8(dataSource); // before dataSource.driver.createSchemaBuilder().log()
 */
export function readCatalogAsMysql8(dataSource: DataSource): void {
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = create(...args);
    const getTables = runner.getTables.bind(runner);
    runner.getTables = async (names?: string[]): Promise<Table[]> => {
      const tables = await getTables(names);
      const metadataOf = (table: Table) => dataSource.entityMetadatas.find((m) => m.tableName === table.name);
      for (const table of tables) {
        for (const column of table.columns) {
          const declared = metadataOf(table)?.columns.find((c) => c.databaseName === column.name);
          if (column.default === "'NULL'") column.default = undefined;
          if (column.type === 'longtext' && declared?.type === 'json') column.type = 'json';
          if (column.generatedType && declared) column.isNullable = declared.isNullable;
        }
      }
      return tables;
    };
    return runner;
  };
}
