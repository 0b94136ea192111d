import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { LintRuleId, LintWaivers } from '../../../src/cli/lint';
import { dialectOf } from '../../../src/dialect/dialect-of';
import { createTenantTable } from '../../../src/migrations/ddl';
import { createIndexOnline, withLockTimeout } from '../../../src/migrations/online-ddl';
import { tenantTable } from '../../../src/schema/tenant-table';

/**
 * Migrations planted for `typeorm-tenancy lint`: one executed base table (`lint_orders`, with rows
 * on the target), then one pending migration per rule, each of which trips exactly its rule, and a
 * few that must pass (a declared global table, an online index, a widening type change, a waiver).
 */

export const lintOrders = tenantTable({
  name: 'lint_orders',
  comment: 'Orders (existing table of the lint tests)',
  columns: [
    { name: 'title', type: 'varchar(100)' },
    { name: 'qty', type: 'int', default: 0 },
  ],
});

const sql = (qr: QueryRunner) => {
  const d = dialectOf(qr.connection);
  return { d, q: d.quote, pg: d.family === 'postgres' };
};
/** Runs DDL with a lock timeout, so only the rule under test fires. */
const timed = (qr: QueryRunner, statement: string) => withLockTimeout(qr, 2000, () => qr.query(statement));

export class CreateLintOrders1800000200000 implements MigrationInterface {
  name = 'CreateLintOrders1800000200000';
  async up(qr: QueryRunner) {
    await createTenantTable(qr, lintOrders);
  }
  async down() {}
}

export class LintNoTenantColumn1800000200101 implements MigrationInterface {
  name = 'LintNoTenantColumn1800000200101';
  async up(qr: QueryRunner) {
    const { d, q } = sql(qr);
    await qr.query(`CREATE TABLE ${q('lint_flags')} (${q('id')} ${d.uuidType} NOT NULL PRIMARY KEY, ${q('name')} varchar(50) NOT NULL)`);
  }
  async down() {}
}

export class LintGlobalDeclared1800000200102 implements MigrationInterface {
  static globalTables = ['lint_colours'];
  name = 'LintGlobalDeclared1800000200102';
  async up(qr: QueryRunner) {
    const { d, q } = sql(qr);
    await qr.query(`CREATE TABLE ${q('lint_colours')} (${q('id')} ${d.uuidType} NOT NULL PRIMARY KEY, ${q('name')} varchar(50) NOT NULL)`);
  }
  async down() {}
}

export class LintOneColumnReference1800000200103 implements MigrationInterface {
  name = 'LintOneColumnReference1800000200103';
  async up(qr: QueryRunner) {
    const { q } = sql(qr);
    await createTenantTable(qr, tenantTable({ name: 'lint_items', comment: 'Items', columns: [{ name: 'order_id', type: 'uuid' }] }));
    await qr.query(`ALTER TABLE ${q('lint_items')} ADD CONSTRAINT ${q('fk_lint_items_order')} FOREIGN KEY (${q('order_id')}) REFERENCES ${q('lint_orders')} (${q('id')})`);
  }
  async down() {}
}

export class LintUniqueWithoutTenant1800000200104 implements MigrationInterface {
  name = 'LintUniqueWithoutTenant1800000200104';
  async up(qr: QueryRunner) {
    const { q } = sql(qr);
    await createTenantTable(qr, tenantTable({ name: 'lint_codes', comment: 'Codes', columns: [{ name: 'code', type: 'varchar(20)' }] }));
    await qr.query(`CREATE UNIQUE INDEX ${q('uq_lint_codes_code')} ON ${q('lint_codes')} (${q('code')})`);
  }
  async down() {}
}

/** A tenant table by hand, without row-level security (a finding on PostgreSQL only). */
export class LintNoRowSecurity1800000200105 implements MigrationInterface {
  name = 'LintNoRowSecurity1800000200105';
  async up(qr: QueryRunner) {
    const { d, q } = sql(qr);
    await qr.query(
      `CREATE TABLE ${q('lint_bare')} (${q('id')} ${d.uuidType} NOT NULL, ${q('tenant_id')} ${d.uuidType} NOT NULL, PRIMARY KEY (${q('id')}), ` +
        `CONSTRAINT ${q('fk_lint_bare_tenant')} FOREIGN KEY (${q('tenant_id')}) REFERENCES ${q('tenants')} (${q('id')}) ON DELETE CASCADE)`,
    );
  }
  async down() {}
}

export class LintBlockingIndex1800000200106 implements MigrationInterface {
  name = 'LintBlockingIndex1800000200106';
  async up(qr: QueryRunner) {
    const { q } = sql(qr);
    await timed(qr, `CREATE INDEX ${q('idx_lint_orders_title')} ON ${q('lint_orders')} (${q('tenant_id')}, ${q('title')})`);
  }
  async down() {}
}

export class LintOnlineIndex1800000200107 implements MigrationInterface {
  name = 'LintOnlineIndex1800000200107';
  transaction = false as const;
  async up(qr: QueryRunner) {
    await createIndexOnline(qr, lintOrders, { name: 'idx_lint_orders_qty', columns: ['tenant_id', 'qty'] });
  }
  async down() {}
}

export class LintNotNullColumn1800000200108 implements MigrationInterface {
  name = 'LintNotNullColumn1800000200108';
  async up(qr: QueryRunner) {
    const { q } = sql(qr);
    await timed(qr, `ALTER TABLE ${q('lint_orders')} ADD COLUMN ${q('priority')} int NOT NULL`);
  }
  async down() {}
}

export class LintTableRewrite1800000200109 implements MigrationInterface {
  name = 'LintTableRewrite1800000200109';
  async up(qr: QueryRunner) {
    const { q, pg } = sql(qr);
    await timed(qr, pg ? `ALTER TABLE ${q('lint_orders')} ALTER COLUMN ${q('qty')} TYPE bigint` : `ALTER TABLE ${q('lint_orders')} MODIFY ${q('qty')} bigint NOT NULL DEFAULT 0`);
  }
  async down() {}
}

export class LintWidenColumn1800000200110 implements MigrationInterface {
  name = 'LintWidenColumn1800000200110';
  async up(qr: QueryRunner) {
    const { q, pg } = sql(qr);
    await timed(qr, pg ? `ALTER TABLE ${q('lint_orders')} ALTER COLUMN ${q('title')} TYPE varchar(200)` : `ALTER TABLE ${q('lint_orders')} MODIFY ${q('title')} varchar(200) NOT NULL`);
  }
  async down() {}
}

/** ALTER TABLE on the existing table with no lock timeout. */
const addNote = (column: string) => async (qr: QueryRunner) => {
  const { q } = sql(qr);
  await qr.query(`ALTER TABLE ${q('lint_orders')} ADD COLUMN ${q(column)} varchar(20) NULL`);
};

export class LintNoLockTimeout1800000200111 implements MigrationInterface {
  name = 'LintNoLockTimeout1800000200111';
  up = addNote('note');
  async down() {}
}

export class LintWaived1800000200112 implements MigrationInterface {
  static lintWaivers: LintWaivers = { 'lock-timeout': 'lint_orders is written only by the nightly import' };
  name = 'LintWaived1800000200112';
  up = addNote('note2');
  async down() {}
}

export class LintWaiverWithoutReason1800000200113 implements MigrationInterface {
  static lintWaivers: LintWaivers = { 'lock-timeout': ' ' };
  name = 'LintWaiverWithoutReason1800000200113';
  up = addNote('note3');
  async down() {}
}

/** Fails on every database (linted on its own: nothing after it runs). */
export class LintFails1800000200199 implements MigrationInterface {
  name = 'LintFails1800000200199';
  async up(qr: QueryRunner) {
    const { q } = sql(qr);
    await qr.query(`ALTER TABLE ${q('lint_missing')} ADD COLUMN ${q('x')} int NULL`);
  }
  async down() {}
}

/** Every planted pending migration, in order. */
export const plantedMigrations = [
  LintNoTenantColumn1800000200101,
  LintGlobalDeclared1800000200102,
  LintOneColumnReference1800000200103,
  LintUniqueWithoutTenant1800000200104,
  LintNoRowSecurity1800000200105,
  LintBlockingIndex1800000200106,
  LintOnlineIndex1800000200107,
  LintNotNullColumn1800000200108,
  LintTableRewrite1800000200109,
  LintWidenColumn1800000200110,
  LintNoLockTimeout1800000200111,
  LintWaived1800000200112,
  LintWaiverWithoutReason1800000200113,
];

/** The failing rules each planted migration must get (row-level security only where the database has it). */
export function expectedRules(family: 'postgres' | 'mysql'): Record<string, LintRuleId[]> {
  return {
    LintNoTenantColumn1800000200101: ['tenant-column'],
    LintGlobalDeclared1800000200102: [],
    LintOneColumnReference1800000200103: ['in-tenant-reference'],
    LintUniqueWithoutTenant1800000200104: ['tenant-unique'],
    LintNoRowSecurity1800000200105: family === 'postgres' ? ['row-level-security'] : [],
    LintBlockingIndex1800000200106: ['blocking-index'],
    LintOnlineIndex1800000200107: [],
    LintNotNullColumn1800000200108: ['not-null-column'],
    LintTableRewrite1800000200109: ['table-rewrite'],
    LintWidenColumn1800000200110: [],
    LintNoLockTimeout1800000200111: ['lock-timeout'],
    LintWaived1800000200112: [],
    LintWaiverWithoutReason1800000200113: ['lock-timeout', 'waiver'],
  };
}
