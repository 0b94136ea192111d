import type { ColumnInfo } from '../../src/dialect/catalog';
import { mysqlDdlStatements as my } from '../../src/dialect/mysql-ddl-statements';
import { postgresDdlStatements as pg } from '../../src/dialect/postgres-ddl-statements';

/** The statement readers behind the blocking-DDL rules of `typeorm-tenancy lint`, statement by statement. */

const column = (type: string, collation: string | null = null): ColumnInfo => ({
  table: 't', name: 'c', position: 1, type, nullable: false, default: null, generated: null, comment: null, collation,
});

describe('PostgreSQL statements', () => {
  it.each([
    ['CREATE INDEX "i" ON "public"."orders" ("a")', [{ table: 'orders', kind: 'index-build', online: false }], ['orders']],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON Orders (a)', [{ table: 'orders', kind: 'index-build', online: true }], []],
    ['ALTER TABLE "orders" ADD "p" int NOT NULL', [{ table: 'orders', kind: 'not-null-column', column: 'p' }], ['orders']],
    ['ALTER TABLE orders ADD COLUMN p int NOT NULL DEFAULT 0, ADD CONSTRAINT uq UNIQUE (tenant_id, p)', [{ table: 'orders', kind: 'index-build', online: false }], ['orders']],
    ['ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX uq_idx', [], ['orders']],
    ['ALTER TABLE ONLY orders ALTER COLUMN qty SET DATA TYPE bigint', [{ table: 'orders', kind: 'type-change', column: 'qty' }], ['orders']],
    ['ALTER TABLE orders VALIDATE CONSTRAINT chk', [], []],
    ['DROP TABLE IF EXISTS a, "b" CASCADE', [], ['a', 'b']],
    ['CREATE POLICY p ON orders USING (true)', [], ['orders']],
    ['COMMENT ON TABLE orders IS \'x\'', [], []],
  ])('%s', (sql, facts, locks) => {
    expect(pg.read(sql, [])).toEqual({ facts, strongLocks: locks });
  });

  it('reads the lock timeouts withLockTimeout and SET send', () => {
    expect(pg.read('SELECT set_config($1, $2, $3)', ['lock_timeout', '2000ms', true]).lockTimeoutMs).toBe(2000);
    expect(pg.read('SELECT set_config($1, $2, $3)', ['lock_timeout', '0', true]).lockTimeoutMs).toBe(0);
    expect(pg.read('SELECT set_config($1, $2, $3)', ['app.tenant_id', 'x', true]).lockTimeoutMs).toBeUndefined();
    expect(pg.read("SET LOCAL lock_timeout = '3s'", []).lockTimeoutMs).toBe(3000);
    expect(pg.read('SET lock_timeout TO 500', []).lockTimeoutMs).toBe(500);
    expect(pg.read('RESET lock_timeout', []).lockTimeoutMs).toBe(0);
  });

  it.each([
    ['character varying(100)', 'character varying(200)', false],
    ['character varying(100)', 'text', false],
    ['character varying(200)', 'character varying(100)', true],
    ['numeric(10,2)', 'numeric(12,2)', false],
    ['numeric(10,2)', 'numeric(12,3)', true],
    ['integer', 'bigint', true],
  ])('%s → %s rewrites: %s', (from, to, rewrites) => {
    expect(pg.rewritesTable(column(from), column(to))).toBe(rewrites);
  });
});

describe('MySQL-family statements', () => {
  it.each([
    ['CREATE INDEX `i` ON `orders` (`a`)', [{ table: 'orders', kind: 'index-build', online: false }], ['orders']],
    ['CREATE INDEX `i` ON `orders` (`a`) ALGORITHM=INPLACE LOCK=NONE', [{ table: 'orders', kind: 'index-build', online: true }], []],
    ['CREATE FULLTEXT INDEX `f` ON `orders` (`a`) ALGORITHM=INPLACE LOCK=SHARED', [{ table: 'orders', kind: 'index-build', online: true }], []],
    ['CREATE INDEX `i` ON `orders` (`a`) ALGORITHM=INPLACE LOCK=SHARED', [{ table: 'orders', kind: 'index-build', online: false }], ['orders']],
    ['ALTER TABLE `orders` ADD UNIQUE INDEX `u` (`tenant_id`, `a`), ALGORITHM=INPLACE, LOCK=NONE', [{ table: 'orders', kind: 'index-build', online: true }], []],
    ['ALTER TABLE `orders` ADD COLUMN `p` int NOT NULL', [{ table: 'orders', kind: 'not-null-column', column: 'p' }], ['orders']],
    ['ALTER TABLE `orders` ADD `p` int NOT NULL DEFAULT 0', [], ['orders']],
    ['ALTER TABLE `orders` CHANGE `qty` `quantity` bigint NOT NULL', [{ table: 'orders', kind: 'type-change', column: 'qty', renamedTo: 'quantity' }], ['orders']],
    ['RENAME TABLE `a` TO `b`, `c` TO `d`', [], ['a', 'c']],
    ['CREATE TRIGGER `t` BEFORE INSERT ON `orders` FOR EACH ROW SET NEW.a = 1', [], ['orders']],
  ])('%s', (sql, facts, locks) => {
    expect(my.read(sql, [])).toEqual({ facts, strongLocks: locks });
  });

  it('reads the lock timeouts withLockTimeout and SET send (GLOBAL does not count)', () => {
    expect(my.read('SET SESSION lock_wait_timeout = 2, SESSION innodb_lock_wait_timeout = 2', []).lockTimeoutMs).toBe(2000);
    expect(my.read('SET @@lock_wait_timeout = 5', []).lockTimeoutMs).toBe(5000);
    expect(my.read('SET GLOBAL lock_wait_timeout = 5', []).lockTimeoutMs).toBeUndefined();
  });

  it.each([
    ['varchar(100)', 'varchar(200)', 'utf8mb4_unicode_ci', false],
    ['varchar(50)', 'varchar(100)', 'utf8mb4_unicode_ci', true],
    ['varchar(50)', 'varchar(60)', 'latin1_swedish_ci', false],
    ['int(11)', 'int', null, false],
    ['int', 'bigint', null, true],
  ])('%s → %s (%s) rewrites: %s', (from, to, collation, rewrites) => {
    expect(my.rewritesTable(column(from, collation), column(to, collation))).toBe(rewrites);
  });
});
