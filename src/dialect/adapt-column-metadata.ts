import type { DataSource } from 'typeorm';
import { dialectOf } from './dialect-of';

/**
 * Aligns built column metadata with the DDL our migrations write, so `synchronize`,
 * `migration:generate` and parameter handling agree with the real columns:
 * MySQL `uuid` → `char(36)` ascii_bin (TypeORM would say `varchar(255)`); PostgreSQL `json` →
 * `jsonb` and `timestamp` → `timestamptz`; MySQL family `timestamp` → `datetime(6)` (UTC). Runs once, right after TypeORM builds the metadata.
 *
 * @example
 * adaptColumnMetadata(dataSource); // called by enableTenancy()
 */
export function adaptColumnMetadata(dataSource: DataSource): void {
  const dialect = dialectOf(dataSource);
  for (const metadata of dataSource.entityMetadatas) {
    for (const column of metadata.columns) {
      if (dialect.name === 'mysql' && column.type === 'uuid') {
        column.type = 'char';
        column.length = '36';
        column.charset = 'ascii';
        column.collation = 'ascii_bin';
      } else if (dialect.name === 'postgres') {
        if (column.type === 'json') column.type = 'jsonb';
        // Entities say 'timestamp' for an instant; the DDL stores timestamptz.
        if (column.type === 'timestamp') column.type = 'timestamp with time zone';
      }
      if (dialect.family === 'mysql' && column.type === 'timestamp') {
        column.type = 'datetime';
        column.precision = 6;
      }
    }
  }
}
